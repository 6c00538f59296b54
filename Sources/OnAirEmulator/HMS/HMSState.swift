import HTTPTypes
import Foundation

/// Everything 100ms holds for the emulated app: rooms, their active sessions and external streams.
struct HMSState: Sendable {
    private(set) var rooms = OrderedTable<HMSRoom>()
    private(set) var streams = OrderedTable<HMSStoredStream>()
    /// The session id of each room with a session in progress; a stream start opens one.
    private var activeSessions: [String: String] = [:]

    // MARK: Rooms

    /// Creates a room, or, when a room with that name exists (names compare without case), updates
    /// that room with the new settings and returns it with the same id.
    mutating func upsertRoom(_ changes: HMSRoomChanges, context: inout StoreContext) -> HMSRoom {
        let now = Timestamp.milliseconds(context.now)
        if let name = changes.name, var existing = rooms.first(where: { $0.name.lowercased() == name.lowercased() }) {
            var update = changes
            update.name = nil
            update.apply(to: &existing)
            existing.updatedAt = now
            rooms[existing.id] = existing
            return existing
        }
        let accessKey = context.configuration.credentials.hms.accessKey
        var room = HMSRoom(
            id: context.ids.hex(24), name: "", enabled: true, description: "",
            customerID: Self.derivedID("customer", accessKey), appID: Self.derivedID("app", accessKey),
            recordingInfo: ["enabled": .bool(false)], recordingSourceTemplate: true,
            templateID: Self.derivedID("template", accessKey), region: "in", largeRoom: false,
            size: nil, maxDurationSeconds: nil, polls: nil, webhook: nil, createdAt: now, updatedAt: now
        )
        changes.apply(to: &room)
        if changes.name == nil { room.name = context.ids.uuid() }
        if room.region == "auto" { room.region = "in" }
        rooms[room.id] = room
        return room
    }

    /// Stable ids for the workspace objects the emulator does not model (customer, app, default
    /// template), derived from the access key so they stay the same across runs.
    static func derivedID(_ kind: String, _ accessKey: String) -> String {
        SHA256.hash(Array("\(kind):\(accessKey)".utf8)).prefix(12).hexString
    }

    func room(id: String) throws(HMSError) -> HMSRoom {
        guard let room = rooms[id] else { throw .roomNotFound }
        return room
    }

    /// Update, enable and disable share one endpoint; a new name may not belong to another room.
    mutating func updateRoom(id: String, _ changes: HMSRoomChanges, now: Date) throws(HMSError) -> HMSRoom {
        guard var room = rooms[id] else { throw .roomNotFound }
        if let name = changes.name, rooms.first(where: { $0.id != id && $0.name.lowercased() == name.lowercased() }) != nil {
            throw .badRequest("room with name \(name) already exists")
        }
        changes.apply(to: &room)
        if room.region == "auto" { room.region = "in" }
        room.updatedAt = Timestamp.milliseconds(now)
        rooms[id] = room
        return room
    }

    /// Ends the room's session: every active stream stops; `lock` also disables the room.
    mutating func endRoom(id: String, lock: Bool, context: inout StoreContext) throws(HMSError) {
        guard var room = rooms[id] else { throw .roomNotFound }
        advance(context: &context)
        for stored in streams.all where stored.stream.roomID == id && stored.stream.isActive {
            markStopping(stored.stream.id, now: context.now)
        }
        activeSessions[id] = nil
        if lock {
            room.enabled = false
            room.updatedAt = Timestamp.milliseconds(context.now)
            rooms[id] = room
        }
        advance(context: &context)
    }

    // MARK: External streams

    struct StartRequest: Sendable {
        var rtmpURLs: [String]
        var meetingURL: String?
        var recording: Bool
        var resolution: HMSExternalStream.Resolution
        var destination: String?
    }

    mutating func startStream(roomID: String, _ start: StartRequest, context: inout StoreContext) throws(HMSError) -> HMSExternalStream {
        guard let room = rooms[roomID] else { throw .roomNotFound }
        guard room.enabled else { throw HMSError(status: .forbidden, message: "room is disabled") }
        advance(context: &context)
        if streams.first(where: { $0.stream.roomID == roomID && $0.stream.isActive }) != nil {
            throw .badRequest("external stream already running in this room")
        }
        let sessionID = activeSessions[roomID] ?? context.ids.hex(24)
        activeSessions[roomID] = sessionID
        let now = Timestamp.milliseconds(context.now)
        let stream = HMSExternalStream(
            id: context.ids.hex(24), roomID: roomID, sessionID: sessionID, status: "starting",
            rtmpURLs: start.rtmpURLs, recording: start.recording, resolution: start.resolution,
            meetingURL: start.meetingURL ?? "https://onair.app.100ms.live/preview/\(roomID)/broadcaster?skip_preview=true",
            destination: start.destination ?? "", recordingAssets: nil, createdAt: now, startedAt: nil,
            startedBy: "", stoppedAt: nil, stoppedBy: "", updatedAt: now
        )
        streams[stream.id] = HMSStoredStream(stream: stream, createdAt: context.now)
        return stream
    }

    mutating func stopStream(id: String, context: inout StoreContext) throws(HMSError) -> HMSExternalStream {
        advance(context: &context)
        guard let stored = streams[id] else { throw .streamNotFound }
        guard stored.stream.isActive else { throw .badRequest("external stream is not running") }
        markStopping(id, now: context.now)
        return streams[id]!.stream
    }

    mutating func stopStreams(roomID: String, context: inout StoreContext) throws(HMSError) -> [HMSExternalStream] {
        guard rooms[roomID] != nil else { throw .roomNotFound }
        advance(context: &context)
        let active = streams.all.filter { $0.stream.roomID == roomID && $0.stream.isActive }
        guard !active.isEmpty else { throw .badRequest("external stream is not running") }
        for stored in active { markStopping(stored.stream.id, now: context.now) }
        return active.compactMap { streams[$0.stream.id]?.stream }
    }

    private mutating func markStopping(_ id: String, now: Date) {
        guard var stored = streams[id] else { return }
        if stored.stream.status == "starting" {
            stored.stream.startedAt = Timestamp.milliseconds(now)
        }
        stored.stream.status = "stopping"
        stored.stopRequestedAt = now
        stored.stream.updatedAt = Timestamp.milliseconds(now)
        streams[id] = stored
    }

    mutating func stream(id: String, context: inout StoreContext) throws(HMSError) -> HMSExternalStream {
        advance(context: &context)
        guard let stored = streams[id] else { throw .streamNotFound }
        return stored.stream
    }

    mutating func allStreams(context: inout StoreContext) -> [HMSExternalStream] {
        advance(context: &context)
        return streams.all.map(\.stream)
    }

    /// Applies every transition due at the store's current time.
    mutating func advance(context: inout StoreContext) {
        for id in streams.order {
            streams[id]?.advance(now: context.now, timing: context.configuration.timing)
        }
    }

    // MARK: Inspection

    struct Snapshot: Encodable, Sendable {
        var rooms: [HMSRoom]
        var externalStreams: [HMSExternalStream]

        enum CodingKeys: String, CodingKey {
            case rooms
            case externalStreams = "external_streams"
        }
    }

    var snapshot: Snapshot {
        Snapshot(rooms: rooms.all, externalStreams: streams.all.map(\.stream))
    }
}
