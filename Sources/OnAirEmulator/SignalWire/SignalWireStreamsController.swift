import Hummingbird

/// `/api/video/streams/{id}`: get, update the URL (PUT), delete — for streams of rooms and
/// conferences alike.
struct SignalWireStreamsController {
    let state: EmulatorState

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.get(":id", use: get)
        group.put(":id", use: update)
        group.delete(":id", use: delete)
    }

    @Sendable func get(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let stream = try await state.store.access { states, _ in try states.signalWire.stream(id: id) }
        return JSONResponse.make(status: .ok, stream)
    }

    @Sendable func update(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let fields = try await request.signalWireFields(limit: state.configuration.limits.maxBodyBytes)
        let url: String
        do throws(FieldProblem) { url = try SignalWireFieldRules.streamURL(fields) } catch { throw SignalWireError.validation(error) }
        let stream = try await state.store.access { states, context in
            try states.signalWire.updateStream(id: id, url: url, now: context.now)
        }
        return JSONResponse.make(status: .ok, stream)
    }

    @Sendable func delete(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        try await state.store.access { states, _ in try states.signalWire.deleteStream(id: id) }
        return JSONResponse.empty(status: .noContent)
    }
}
