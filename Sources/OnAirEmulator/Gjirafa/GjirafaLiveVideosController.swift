import Foundation
import Hummingbird

/// `/api/v1/{projectId}/live-videos` (create, list, details, stop-and-cut, cut-and-publish) and
/// the v2 list and stop-and-cut.
struct GjirafaLiveVideosController {
    let state: EmulatorState

    func addRoutes(v1: RouterGroup<EmulatorRequestContext>, v2: RouterGroup<EmulatorRequestContext>) {
        v1.post("live-videos", use: create)
        v1.get("live-videos", use: listVersion1)
        v1.get("live-videos/:id", use: get)
        v1.post("live-videos/stop-and-cut", use: stopAndCut)
        v1.post("live-videos/cut-and-publish", use: cutAndPublish)
        v2.get("live-videos", use: listVersion2)
        v2.post("live-videos/:id/stop-and-cut", use: stopAndCutVersion2)
    }

    private var bodyLimit: Int { state.configuration.limits.maxBodyBytes }

    /// `Title` and `ChannelId` are required; `Description` and `PublishDate` are optional.
    @Sendable func create(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let fields = try await request.gjirafaFields(limit: bodyLimit)
        var problems = ProblemCollector()
        let title = problems.check { () throws(FieldProblem) in try fields.requiredString("Title") }
        let channel = problems.check { () throws(FieldProblem) in try fields.requiredString("ChannelId") }
        let description = problems.check { () throws(FieldProblem) in try fields.string("Description") } ?? nil
        let publishDate = problems.check { () throws(FieldProblem) -> Date? in
            guard let text = try fields.string("PublishDate") else { return nil }
            guard let date = Timestamp.parse(text) else { throw .invalid("PublishDate", "must be a date-time") }
            return date
        } ?? nil
        guard problems.isEmpty, let title, let channel else { throw GjirafaError.badRequest(problems.problems) }
        let new = GjirafaState.NewLiveVideo(title: title, description: description ?? "", channelID: channel, publishDate: publishDate)
        let video = try await state.store.access { states, context in states.gjirafa.createLiveVideo(new, context: &context) }
        return GjirafaEnvelope.response(video.created)
    }

    @Sendable func listVersion1(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await list(request, version2: false)
    }

    @Sendable func listVersion2(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await list(request, version2: true)
    }

    private struct Page: Encodable, Sendable {
        var currentPage: Int
        var totalPages: Int
        var pageSize: Int
        var totalCount: Int
        var items: [GjirafaLiveVideo.ListItem]
    }

    /// `page` counts from 1, `take` (default 10) is the page size; `search` matches titles,
    /// `insertedDate` keeps videos inserted on or after it, `order` is `asc` or `desc` by insertion,
    /// and v2's `author` filters by author.
    private func list(_ request: Request, version2: Bool) async throws -> Response {
        let query = request.uri.queryParameters
        var problems: [FieldProblem] = []
        func integer(_ key: String, default value: Int, minimum: Int) -> Int {
            guard let text = query.get(key) else { return value }
            guard let number = Int32(text), number >= minimum else {
                problems.append(.invalid(key, "must be an integer of at least \(minimum)"))
                return value
            }
            return Int(number)
        }
        let page = integer("page", default: 1, minimum: 1)
        let take = integer("take", default: 10, minimum: 1)
        var insertedAfter: Date?
        if let text = query.get("insertedDate") {
            insertedAfter = Timestamp.parse(text, allowsDateOnly: true)
            if insertedAfter == nil { problems.append(.invalid("insertedDate", "must be a date-time")) }
        }
        guard problems.isEmpty else { throw GjirafaError.badRequest(problems) }
        let search = query.get("search")?.lowercased()
        let author = version2 ? query.get("author") : nil
        var videos = try await state.store.access { states, _ in states.gjirafa.liveVideos.all }.filter { video in
            if let search, !search.isEmpty, !video.title.lowercased().contains(search) { return false }
            if let author, video.author != author { return false }
            if let insertedAfter, (Timestamp.parse(video.insertedDate) ?? .distantPast) < insertedAfter { return false }
            return true
        }
        if query.get("order")?.lowercased() == "desc" { videos.reverse() }
        let start = min((page - 1) * take, videos.count)
        let items = videos[start..<min(start + take, videos.count)].map { $0.listItem(version2: version2) }
        let totalPages = (videos.count + take - 1) / take
        return GjirafaEnvelope.response(Page(currentPage: page, totalPages: totalPages, pageSize: take, totalCount: videos.count, items: items))
    }

    @Sendable func get(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let video = try await state.store.access { states, _ in try states.gjirafa.liveVideo(id) }
        return GjirafaEnvelope.response(video.details)
    }

    private struct Cut: Encodable, Sendable {
        var videoPublicId: String
    }

    @Sendable func stopAndCut(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let fields = try await request.gjirafaFields(limit: bodyLimit)
        var problems = ProblemCollector()
        let id = problems.check { () throws(FieldProblem) in try fields.requiredString("videoPublicId") }
        checkCutRange(fields, into: &problems)
        guard problems.isEmpty, let id else { throw GjirafaError.badRequest(problems.problems) }
        return try await stop(id)
    }

    @Sendable func stopAndCutVersion2(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let fields = try await request.gjirafaFields(limit: bodyLimit)
        var problems = ProblemCollector()
        checkCutRange(fields, into: &problems)
        guard problems.isEmpty else { throw GjirafaError.badRequest(problems.problems) }
        return try await stop(id)
    }

    private func stop(_ id: String) async throws -> Response {
        let cut = try await state.store.access { states, context in try states.gjirafa.stopAndCut(id, context: &context) }
        return GjirafaEnvelope.response(Cut(videoPublicId: cut))
    }

    /// Either the millisecond pair or the date-time pair, each complete and in order, never both.
    private func checkCutRange(_ fields: JSONFields, into problems: inout ProblemCollector) {
        let milliseconds = problems.check { () throws(FieldProblem) in (try fields.int("fromMilisecond"), try fields.int("toMilisecond")) }
        let dates = problems.check { () throws(FieldProblem) in (try fields.string("dateTimeFrom"), try fields.string("dateTimeTo")) }
        _ = problems.check { () throws(FieldProblem) in try fields.int("videoVisibilityOptionId") }
        if let (from, to) = milliseconds, from != nil || to != nil {
            guard let from, let to, from >= 0, from < to else {
                problems.add(.invalid("fromMilisecond", "and toMilisecond must both be given, with fromMilisecond < toMilisecond"))
                return
            }
            if let (dateFrom, dateTo) = dates, dateFrom != nil || dateTo != nil {
                problems.add(.invalid("dateTimeFrom", "cannot be combined with fromMilisecond/toMilisecond"))
            }
        } else if let (from, to) = dates, from != nil || to != nil {
            guard let from, let to, let start = Timestamp.parse(from), let end = Timestamp.parse(to), start < end else {
                problems.add(.invalid("dateTimeFrom", "and dateTimeTo must both be date-times, with dateTimeFrom before dateTimeTo"))
                return
            }
        }
    }

    private struct Published: Encodable, Sendable {
        var videoPublicId: String
        var name: String
        var originalFile: String
    }

    /// Publishes a part of a live video as a new video; `title`, `videoPublicId`, `fromMilisecond`
    /// and `toMilisecond` are required.
    @Sendable func cutAndPublish(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let fields = try await request.gjirafaFields(limit: bodyLimit)
        var problems = ProblemCollector()
        let title = problems.check { () throws(FieldProblem) in try fields.requiredString("title") }
        let id = problems.check { () throws(FieldProblem) in try fields.requiredString("videoPublicId") }
        let from = problems.check { () throws(FieldProblem) in
            guard let value = try fields.int("fromMilisecond") else { throw .missing("fromMilisecond") }
            return value
        }
        let to = problems.check { () throws(FieldProblem) in
            guard let value = try fields.int("toMilisecond") else { throw .missing("toMilisecond") }
            return value
        }
        _ = problems.check { () throws(FieldProblem) in try fields.int("videoVisibilityOptionId") }
        if let from, let to, !(from >= 0 && from < to) {
            problems.add(.invalid("fromMilisecond", "must be less than toMilisecond"))
        }
        guard problems.isEmpty, let title, let id else { throw GjirafaError.badRequest(problems.problems) }
        let projectID = state.configuration.credentials.gjirafa.projectID
        let newID = try await state.store.access { states, context in
            _ = try states.gjirafa.liveVideo(id)
            return context.ids.letters(8)
        }
        return GjirafaEnvelope.response(
            Published(videoPublicId: newID, name: title, originalFile: "https://cdn.vpplayer.tech/\(projectID)/encode/\(newID)/original.mp4")
        )
    }
}
