import Hummingbird

/// Restreams of a live video: create, list by video (`/live-video/{videoId}/restreams`, singular
/// as documented), toggle on/off, delete.
struct GjirafaRestreamsController {
    let state: EmulatorState

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.post("restreams", use: create)
        group.get("live-video/:videoId/restreams", use: list)
        group.put("restreams/:restreamId/toggle", use: toggle)
        group.delete("restreams/:restreamId", use: delete)
    }

    /// All five fields are required: `videoId`, `title`, `streamUrl`, `streamKey`, `status`.
    @Sendable func create(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let fields = try await request.gjirafaFields(limit: state.configuration.limits.maxBodyBytes)
        var problems = ProblemCollector()
        let videoId = problems.check { () throws(FieldProblem) in try fields.requiredString("videoId") }
        let title = problems.check { () throws(FieldProblem) in try fields.requiredString("title") }
        let streamUrl = problems.check { () throws(FieldProblem) in try fields.requiredString("streamUrl") }
        let streamKey = problems.check { () throws(FieldProblem) in try fields.requiredString("streamKey") }
        let status = problems.check { () throws(FieldProblem) in
            guard let status = try fields.bool("status") else { throw .missing("status") }
            return status
        }
        guard problems.isEmpty, let videoId, let title, let streamUrl, let streamKey, let status else {
            throw GjirafaError.badRequest(problems.problems)
        }
        let draft = GjirafaRestream(id: 0, title: title, streamKey: streamKey, streamUrl: streamUrl, status: status, videoId: videoId)
        let restream = try await state.store.access { states, _ in try states.gjirafa.createRestream(draft) }
        return GjirafaEnvelope.response(restream)
    }

    @Sendable func list(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let videoId = try context.parameters.require("videoId")
        let restreams = try await state.store.access { states, _ in try states.gjirafa.restreams(ofVideo: videoId) }
        return GjirafaEnvelope.response(restreams)
    }

    private struct Toggled: Encodable, Sendable {
        var id: Int
        var status: Bool
    }

    @Sendable func toggle(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("restreamId")
        let restream = try await state.store.access { states, _ in try states.gjirafa.toggleRestream(id: id) }
        return GjirafaEnvelope.response(Toggled(id: restream.id, status: restream.status))
    }

    @Sendable func delete(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("restreamId")
        try await state.store.access { states, _ in try states.gjirafa.deleteRestream(id: id) }
        return GjirafaEnvelope.response(true)
    }
}
