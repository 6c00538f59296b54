import Hummingbird

/// `/api/video/rooms`: create, list, get by id or name, update (PUT), delete, and the room's streams.
struct SignalWireRoomsController {
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
        let changes = try SignalWireRoomChanges(try await request.signalWireFields(limit: bodyLimit), isCreate: true)
        let room = try await state.store.access { states, context in
            try states.signalWire.createRoom(changes, context: &context)
        }
        return JSONResponse.make(status: .ok, room)
    }

    @Sendable func list(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let pagination = try SignalWirePagination(request: request)
        try SignalWireListFilters.check(request)
        let rooms = try await state.store.access { states, _ in states.signalWire.rooms.all }
        return JSONResponse.make(status: .ok, pagination.page(of: rooms, request: request))
    }

    @Sendable func get(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let key = try context.parameters.require("id")
        guard let room = try await state.store.access({ states, _ in states.signalWire.room(idOrName: key) }) else {
            throw SignalWireError.notFound
        }
        return JSONResponse.make(status: .ok, room)
    }

    @Sendable func update(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let changes = try SignalWireRoomChanges(try await request.signalWireFields(limit: bodyLimit), isCreate: false)
        let room = try await state.store.access { states, context in
            try states.signalWire.updateRoom(id: id, changes, now: context.now)
        }
        return JSONResponse.make(status: .ok, room)
    }

    @Sendable func delete(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        try await state.store.access { states, _ in try states.signalWire.deleteRoom(id: id) }
        return JSONResponse.empty(status: .noContent)
    }

    @Sendable func listStreams(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id").lowercased()
        let pagination = try SignalWirePagination(request: request)
        let streams = try await state.store.access { states, _ in try states.signalWire.streams(of: .room(id)) }
        return JSONResponse.make(status: .ok, pagination.page(of: streams, request: request))
    }

    /// Documented as 201, unlike the conference variant.
    @Sendable func createStream(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id").lowercased()
        let fields = try await request.signalWireFields(limit: bodyLimit)
        let url: String
        do throws(FieldProblem) { url = try SignalWireFieldRules.streamURL(fields) } catch { throw SignalWireError.validation(error) }
        let stream = try await state.store.access { states, context in
            try states.signalWire.addStream(url: url, owner: .room(id), context: &context)
        }
        return JSONResponse.make(status: .created, stream)
    }
}

/// The date filters of the room and conference lists: accepted and checked, then ignored for
/// resources without sessions.
enum SignalWireListFilters {
    static func check(_ request: Request) throws(SignalWireError) {
        let query = request.uri.queryParameters
        var problems: [FieldProblem] = []
        for key in ["starts_after", "ends_before"] {
            if let value = query.get(key), Timestamp.parse(value, allowsDateOnly: true) == nil {
                problems.append(.invalid(key, "must be an RFC 3339 date-time"))
            }
        }
        if let value = query.get("include_active_session"), value != "true", value != "false" {
            problems.append(.invalid("include_active_session", "must be true or false"))
        }
        guard problems.isEmpty else { throw .validation(problems) }
    }
}
