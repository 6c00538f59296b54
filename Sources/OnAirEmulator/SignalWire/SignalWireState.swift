import Foundation

/// Everything SignalWire Video holds for the emulated project: rooms, conferences and their streams.
struct SignalWireState: Sendable {
    private(set) var rooms = OrderedTable<SignalWireRoom>()
    private(set) var conferences = OrderedTable<SignalWireConference>()
    private(set) var streams = OrderedTable<SignalWireStoredStream>()

    // MARK: Rooms

    mutating func createRoom(_ changes: SignalWireRoomChanges, context: inout StoreContext) throws(SignalWireError) -> SignalWireRoom {
        let name = changes.name ?? ""
        guard room(named: name) == nil else {
            throw .validation(.invalid("name", "has already been taken"))
        }
        let now = Timestamp.seconds(context.now)
        var room = SignalWireRoom(
            id: context.ids.uuid(), name: name, displayName: name, description: nil, maxMembers: 20,
            quality: "720p", fps: 20, joinFrom: nil, joinUntil: nil, removeAt: nil, removeAfterSecondsElapsed: nil,
            layout: "grid-responsive", recordOnStart: false, toneOnEntryAndExit: true, roomJoinVideoOff: false,
            userJoinVideoOff: false, enableRoomPreviews: false, syncAudioVideo: nil, meta: nil,
            prioritizeHandraise: false, createdAt: now, updatedAt: now
        )
        changes.apply(to: &room)
        rooms[room.id] = room
        return room
    }

    /// A segment that parses as a UUID is an id, anything else a name: the two documented GET
    /// routes share one path shape.
    func room(idOrName: String) -> SignalWireRoom? {
        if UUID(uuidString: idOrName) != nil {
            return rooms[idOrName.lowercased()]
        }
        return room(named: idOrName)
    }

    func room(named name: String) -> SignalWireRoom? {
        rooms.first { $0.name == name }
    }

    mutating func updateRoom(id: String, _ changes: SignalWireRoomChanges, now: Date) throws(SignalWireError) -> SignalWireRoom {
        guard var room = rooms[id.lowercased()] else { throw .notFound }
        changes.apply(to: &room)
        room.updatedAt = Timestamp.seconds(now)
        rooms[room.id] = room
        return room
    }

    mutating func deleteRoom(id: String) throws(SignalWireError) {
        guard rooms[id.lowercased()] != nil else { throw .notFound }
        rooms[id.lowercased()] = nil
        streams.removeAll { $0.owner == .room(id.lowercased()) }
    }

    // MARK: Conferences

    mutating func createConference(
        _ changes: SignalWireConferenceChanges,
        context: inout StoreContext
    ) -> SignalWireConference {
        let now = Timestamp.seconds(context.now)
        let id = context.ids.uuid()
        var conference = SignalWireConference(
            id: id, name: changes.name ?? Self.generatedName(from: changes.displayName ?? "", id: id),
            displayName: nil, description: nil, joinFrom: nil, joinUntil: nil, quality: "720p",
            layout: "grid-responsive", size: "medium", recordOnStart: false, toneOnEntryAndExit: true,
            userJoinVideoOff: false, roomJoinVideoOff: false, enableChat: true, enableRoomPreviews: false,
            colors: Dictionary(uniqueKeysWithValues: SignalWireConference.colorFields.map { ($0, SignalWireConference.defaultColor(for: $0)) }),
            meta: nil, createdAt: now, updatedAt: now
        )
        changes.apply(to: &conference)
        conferences[id] = conference
        return conference
    }

    /// A conference created without a name gets one derived from its display name, kept within the
    /// name pattern, with part of the id so that it stays unique.
    private static func generatedName(from displayName: String, id: String) -> String {
        let slug = displayName.lowercased().map { $0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII ? $0 : "-" }
        return String(String(slug).prefix(80)) + "-" + id.prefix(8)
    }

    func conference(id: String) -> SignalWireConference? { conferences[id.lowercased()] }

    mutating func updateConference(
        id: String,
        _ changes: SignalWireConferenceChanges,
        now: Date
    ) throws(SignalWireError) -> SignalWireConference {
        guard var conference = conferences[id.lowercased()] else { throw .notFound }
        changes.apply(to: &conference)
        conference.updatedAt = Timestamp.seconds(now)
        conferences[conference.id] = conference
        return conference
    }

    mutating func deleteConference(id: String) throws(SignalWireError) {
        guard conferences[id.lowercased()] != nil else { throw .notFound }
        conferences[id.lowercased()] = nil
        streams.removeAll { $0.owner == .conference(id.lowercased()) }
    }

    // MARK: Streams

    mutating func addStream(url: String, owner: SignalWireStoredStream.Owner, context: inout StoreContext) throws(SignalWireError) -> SignalWireStream {
        switch owner {
        case .room(let id): guard rooms[id] != nil else { throw .notFound }
        case .conference(let id): guard conferences[id] != nil else { throw .notFound }
        }
        let now = Timestamp.seconds(context.now)
        let stream = SignalWireStream(
            id: context.ids.uuid(), url: url, streamType: "rtmp", width: nil, height: nil, fps: nil,
            createdAt: now, updatedAt: now
        )
        streams[stream.id] = SignalWireStoredStream(stream: stream, owner: owner)
        return stream
    }

    func streams(of owner: SignalWireStoredStream.Owner) throws(SignalWireError) -> [SignalWireStream] {
        switch owner {
        case .room(let id): guard rooms[id] != nil else { throw .notFound }
        case .conference(let id): guard conferences[id] != nil else { throw .notFound }
        }
        return streams.all.filter { $0.owner == owner }.map(\.stream)
    }

    func stream(id: String) throws(SignalWireError) -> SignalWireStream {
        guard let stored = streams[id.lowercased()] else { throw .notFound }
        return stored.stream
    }

    mutating func updateStream(id: String, url: String, now: Date) throws(SignalWireError) -> SignalWireStream {
        guard var stored = streams[id.lowercased()] else { throw .notFound }
        stored.stream.url = url
        stored.stream.updatedAt = Timestamp.seconds(now)
        streams[stored.stream.id] = stored
        return stored.stream
    }

    mutating func deleteStream(id: String) throws(SignalWireError) {
        guard streams[id.lowercased()] != nil else { throw .notFound }
        streams[id.lowercased()] = nil
    }

    // MARK: Inspection

    struct Snapshot: Encodable, Sendable {
        var rooms: [SignalWireRoom]
        var conferences: [SignalWireConference]
        var streams: [SignalWireStream]
    }

    var snapshot: Snapshot {
        Snapshot(rooms: rooms.all, conferences: conferences.all, streams: streams.all.map(\.stream))
    }
}
