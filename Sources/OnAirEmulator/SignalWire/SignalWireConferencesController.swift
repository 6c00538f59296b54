import Hummingbird

/// `/api/video/conferences`: create, list, get, update (PUT), delete, and the conference's streams.
struct SignalWireConferencesController {
    let state: EmulatorState

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.post(use: create)
        group.get(use: list)
        group.get(":id", use: get)
        group.put(":id", use: update)
        group.delete(":id", use: delete)
        group.get(":id/streams", use: listStreams)
        group.post(":id/streams", use: createStream)
    }

    private var bodyLimit: Int { state.configuration.limits.maxBodyBytes }

    @Sendable func create(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let changes = try SignalWireConferenceChanges(try await request.signalWireFields(limit: bodyLimit), isCreate: true)
        let conference = try await state.store.access { states, context in
            states.signalWire.createConference(changes, context: &context)
        }
        return JSONResponse.make(status: .ok, conference)
    }

    @Sendable func list(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let pagination = try SignalWirePagination(request: request)
        try SignalWireListFilters.check(request)
        let conferences = try await state.store.access { states, _ in states.signalWire.conferences.all }
        return JSONResponse.make(status: .ok, pagination.page(of: conferences, request: request))
    }

    @Sendable func get(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let conference = try await state.store.access({ states, _ in states.signalWire.conference(id: id) }) else {
            throw SignalWireError.notFound
        }
        return JSONResponse.make(status: .ok, conference)
    }

    @Sendable func update(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let changes = try SignalWireConferenceChanges(try await request.signalWireFields(limit: bodyLimit), isCreate: false)
        let conference = try await state.store.access { states, context in
            try states.signalWire.updateConference(id: id, changes, now: context.now)
        }
        return JSONResponse.make(status: .ok, conference)
    }

    @Sendable func delete(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        try await state.store.access { states, _ in try states.signalWire.deleteConference(id: id) }
        return JSONResponse.empty(status: .noContent)
    }

    @Sendable func listStreams(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id").lowercased()
        let pagination = try SignalWirePagination(request: request)
        let streams = try await state.store.access { states, _ in try states.signalWire.streams(of: .conference(id)) }
        return JSONResponse.make(status: .ok, pagination.page(of: streams, request: request))
    }

    /// Documented as 200, unlike the room variant's 201.
    @Sendable func createStream(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id").lowercased()
        let fields = try await request.signalWireFields(limit: bodyLimit)
        let url: String
        do throws(FieldProblem) { url = try SignalWireFieldRules.streamURL(fields) } catch { throw SignalWireError.validation(error) }
        let stream = try await state.store.access { states, context in
            try states.signalWire.addStream(url: url, owner: .conference(id), context: &context)
        }
        return JSONResponse.make(status: .ok, stream)
    }
}
