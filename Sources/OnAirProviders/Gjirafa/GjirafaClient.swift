import NIOHTTP1
/// Gjirafa VP Livestream API: live videos (create, read, list, stop-and-cut, cut-and-publish) and
/// their restreams (RTMP destinations that can be toggled on and off).
///
/// Every answer is Gjirafa's envelope; methods return its `result`. Ids are kept as strings
/// even where Gjirafa sends integers (restream ids).
public struct GjirafaClient: Sendable {
    public let configuration: Configuration
    let core: ClientCore<GjirafaDialect>

    public init(configuration: Configuration, transport: ProviderTransport) {
        self.configuration = configuration
        self.core = ClientCore(
            transport: transport,
            dialect: GjirafaDialect(apiKey: configuration.apiKey, headerName: configuration.authHeaderName, scheme: configuration.authScheme),
            baseURL: configuration.baseURL,
            requestTimeout: configuration.requestTimeout,
            retry: configuration.retry
        )
    }

    private var project: [String] { ["api", "v1", configuration.projectID] }

    // MARK: Live videos

    /// `POST /api/v1/{projectId}/live-videos`; Gjirafa documents `Title`, `ChannelId`
    /// (required), `Description`, `PublishDate` and binds names without regard to case. Not sent
    /// again after an unknown outcome: live videos have no unique name to look one up by.
    public func createLiveVideo(_ body: JSONValue) async throws -> JSONValue {
        try result(try await core.send("create_live_video", .POST, project + ["live-videos"], body: body), "create_live_video")
    }

    public func getLiveVideo(_ id: String) async throws -> JSONValue {
        try result(try await core.send("get_live_video", .GET, project + ["live-videos", id]), "get_live_video")
    }

    /// Every live video, all pages (`page` from 1, `take` per page); filters `search`, `order`,
    /// `insertedDate`.
    public func listLiveVideos(query: [String: String] = [:]) async throws -> [JSONValue] {
        try await PageSequence.collect(first: Self.firstPage(query), fetch: pageFetcher())
    }

    public func liveVideoPages(query: [String: String] = [:]) -> AsyncThrowingStream<[JSONValue], any Error> {
        PageSequence.stream(first: Self.firstPage(query), fetch: pageFetcher())
    }

    /// `POST /api/v1/{projectId}/live-videos/stop-and-cut` with `{"videoPublicId": id}`: ends
    /// the broadcast and keeps the recording. Answers `{videoPublicId}` of the cut.
    public func stopAndCut(_ id: String) async throws -> JSONValue {
        try await stopAndCut(id, options: [:])
    }

    /// Stop-and-cut with a cut range: `fromMilisecond`/`toMilisecond` or
    /// `dateTimeFrom`/`dateTimeTo` (not both; Gjirafa spells "Milisecond" with one l), and
    /// `videoVisibilityOptionId`.
    public func stopAndCut(_ id: String, options: JSONValue) async throws -> JSONValue {
        var body = options.objectValue ?? [:]
        body["videoPublicId"] = .string(id)
        return try result(
            try await core.send("stop_and_cut", .POST, project + ["live-videos", "stop-and-cut"], body: .object(body)),
            "stop_and_cut"
        )
    }

    /// `POST /api/v1/{projectId}/live-videos/cut-and-publish` with only `videoPublicId`. Gjirafa
    /// requires `title`, `fromMilisecond` and `toMilisecond` as well, so in practice use
    /// ``cutAndPublish(_:options:)``; this form exists for callers that pass them elsewhere.
    public func cutAndPublish(_ id: String) async throws -> JSONValue {
        try await cutAndPublish(id, options: [:])
    }

    /// Publishes part of a live video as a new video: `options` holds `title`,
    /// `fromMilisecond`, `toMilisecond`, `videoVisibilityOptionId`. Answers
    /// `{videoPublicId, name, originalFile}` of the new video.
    public func cutAndPublish(_ id: String, options: JSONValue) async throws -> JSONValue {
        var body = options.objectValue ?? [:]
        body["videoPublicId"] = .string(id)
        return try result(
            try await core.send("cut_and_publish", .POST, project + ["live-videos", "cut-and-publish"], body: .object(body)),
            "cut_and_publish"
        )
    }

    // MARK: Restreams

    /// `POST /api/v1/{projectId}/restreams` with `videoId`, `title`, `streamUrl`, `streamKey`,
    /// `status` (all required). After an unknown outcome, the video's restreams are searched for
    /// one with the same destination (URL and key) before sending again.
    public func createRestream(_ body: JSONValue) async throws -> JSONValue {
        let videoID = body["videoId"]?.stringValue
        let url = body["streamUrl"]
        let key = body["streamKey"]
        let lookUp: (@Sendable () async throws -> JSONValue?)?
        if let videoID {
            lookUp = { @Sendable in
                let found = try await self.listRestreams(videoID: videoID).last { $0["streamUrl"] == url && $0["streamKey"] == key }
                // In envelope form, since the answer is unwrapped below like a real one.
                return found.map { ["success": true, "result": $0, "statusCode": 200] }
            }
        } else {
            lookUp = nil
        }
        return try result(try await core.send("create_restream", .POST, project + ["restreams"], body: body, lookUp: lookUp), "create_restream")
    }

    /// `GET /api/v1/{projectId}/live-video/{videoId}/restreams` (singular `live-video`, as
    /// documented). The docs' example shows one object where an array is meant; both are read.
    public func listRestreams(videoID: String) async throws -> [JSONValue] {
        let answer = try result(try await core.send("list_restreams", .GET, project + ["live-video", videoID, "restreams"]), "list_restreams")
        switch answer {
        case .array(let restreams): return restreams
        case .object: return [answer]
        case .null: return []
        default: throw core.unexpected("list_restreams", "result is neither a list nor a restream")
        }
    }

    /// `PUT /api/v1/{projectId}/restreams/{id}/toggle` (no body): flips `status` and answers
    /// `{id, status}`. A flip is not idempotent, so despite the PUT it is sent again only when
    /// Gjirafa did not process it. `videoID` is not part of Gjirafa's path; it names the video
    /// in logs and lets callers keep one shape for restream calls.
    public func toggleRestream(_ id: String, videoID: String) async throws -> JSONValue {
        try result(
            try await core.send("toggle_restream", .PUT, project + ["restreams", id, "toggle"], replay: .ifNotProcessed),
            "toggle_restream"
        )
    }

    /// `DELETE /api/v1/{projectId}/restreams/{id}`; Gjirafa answers `result: true`.
    public func deleteRestream(_ id: String, videoID: String) async throws {
        _ = try result(try await core.send("delete_restream", .DELETE, project + ["restreams", id]), "delete_restream")
    }

    // MARK: Envelope and pages

    /// The envelope's `result`; a 2xx envelope with `success: false` is an error of the kind its
    /// `statusCode` names.
    private func result(_ envelope: JSONValue, _ operation: String) throws(ProviderError) -> JSONValue {
        guard case .object(let members) = envelope else {
            // A delete may answer with an empty body.
            if envelope == .null { return .null }
            throw core.unexpected(operation, "not a Gjirafa envelope")
        }
        let statusCode = members["statusCode"]?.integerValue.map(Int.init)
        if members["success"] == .bool(false) || (statusCode ?? 200) >= 400 {
            let status = statusCode.flatMap { $0 >= 400 ? $0 : nil } ?? 400
            let (message, details) = core.dialect.describeFailure(status: status, body: envelope)
            throw ProviderError(
                kind: ProviderError.Kind(status: status), provider: .gjirafa, operation: operation, status: status,
                message: SecretRedactor(secrets: core.dialect.secrets).scrub(message.isEmpty ? "the request did not succeed" : message),
                details: details
            )
        }
        return members["result"] ?? .null
    }

    private static func firstPage(_ query: [String: String]) -> [String: String] {
        var query = query
        if query["page"] == nil { query["page"] = "1" }
        return query
    }

    /// One page of `result.{currentPage, totalPages, pageSize, totalCount, items}`; the next page
    /// is `page + 1` until `totalPages` is reached or a page comes back empty.
    private func pageFetcher() -> @Sendable ([String: String]) async throws -> Page<[String: String]> {
        let core = self.core
        let client = self
        return { query in
            let answer = try await core.send("list_live_videos", .GET, client.project + ["live-videos"], query: query)
            let listing = try client.result(answer, "list_live_videos")
            guard let items = listing["items"]?.arrayValue else {
                throw core.unexpected("list_live_videos", "no items array in the page")
            }
            let current = listing["currentPage"]?.integerValue ?? query["page"].flatMap { Int64($0) } ?? 1
            let total = listing["totalPages"]?.integerValue ?? current
            guard !items.isEmpty, current < total else { return Page(items: items, next: nil) }
            var next = query
            next["page"] = String(current + 1)
            return Page(items: items, next: next)
        }
    }
}
