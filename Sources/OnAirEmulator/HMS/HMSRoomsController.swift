import Foundation
import Hummingbird

/// `/v2/rooms` (create-or-update by name, list, get, update/enable/disable by POST) and
/// `/v2/active-rooms/{room_id}/end-room`.
struct HMSRoomsController {
    let state: EmulatorState

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.post("rooms", use: create)
        group.get("rooms", use: list)
        group.get("rooms/:room_id", use: get)
        group.post("rooms/:room_id", use: update)
        group.post("active-rooms/:room_id/end-room", use: endRoom)
    }

    private var bodyLimit: Int { state.configuration.limits.maxBodyBytes }

    @Sendable func create(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let changes = try HMSRoomChanges(try await request.hmsFields(limit: bodyLimit), isCreate: true)
        let room = try await state.store.access { states, context in states.hms.upsertRoom(changes, context: &context) }
        return JSONResponse.make(status: .ok, room)
    }

    /// Filters: `enabled` (default true, so disabled rooms are listed only on request), `name`,
    /// `template_id`, and `after`/`before` on the creation time.
    @Sendable func list(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let pagination = try HMSPagination(request: request)
        let query = request.uri.queryParameters
        var enabled = true
        if let text = query.get("enabled") {
            guard let value = Bool(text) else { throw HMSError.badRequest("Invalid query param: enabled") }
            enabled = value
        }
        var after: Date?
        var before: Date?
        for key in ["after", "before"] {
            guard let text = query.get(key) else { continue }
            guard let date = Timestamp.parse(text) else { throw HMSError.badRequest("Invalid query param: \(key)") }
            if key == "after" { after = date } else { before = date }
        }
        let name = query.get("name")?.lowercased()
        let templateID = query.get("template_id")
        let rooms = try await state.store.access { states, _ in states.hms.rooms.all }.filter { room in
            guard room.enabled == enabled else { return false }
            if let name, room.name.lowercased() != name { return false }
            if let templateID, room.templateID != templateID { return false }
            let created = Timestamp.parse(room.createdAt) ?? .distantPast
            if let after, created <= after { return false }
            if let before, created >= before { return false }
            return true
        }
        return JSONResponse.make(status: .ok, pagination.page(of: rooms, id: \.id))
    }

    @Sendable func get(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("room_id")
        let room = try await state.store.access { states, _ in try states.hms.room(id: id) }
        return JSONResponse.make(status: .ok, room)
    }

    @Sendable func update(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("room_id")
        let changes = try HMSRoomChanges(try await request.hmsFields(limit: bodyLimit), isCreate: false)
        let room = try await state.store.access { states, context in try states.hms.updateRoom(id: id, changes, now: context.now) }
        return JSONResponse.make(status: .ok, room)
    }

    private struct EndRoomAnswer: Encodable {
        var message: String
    }

    @Sendable func endRoom(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("room_id")
        let fields = try await request.hmsFields(limit: bodyLimit)
        let lock: Bool
        do throws(FieldProblem) {
            _ = try fields.string("reason")
            lock = try fields.bool("lock") ?? false
        } catch {
            throw HMSError.invalidBody(error)
        }
        try await state.store.access { states, context in try states.hms.endRoom(id: id, lock: lock, context: &context) }
        return JSONResponse.make(status: .ok, EndRoomAnswer(message: "session is ending"))
    }
}
