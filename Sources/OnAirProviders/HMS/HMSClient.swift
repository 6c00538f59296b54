import NIOHTTP1
import Foundation

/// 100ms server API v2: rooms (create is an upsert by name, update is a POST, rooms are disabled
/// rather than deleted), ending a room's session, and external (RTMP) streams.
///
/// Authentication is a management token minted locally from the access key and secret (see
/// ``Configuration``); it is cached, renewed before it expires, and renewed once more when 100ms
/// refuses it with 401 or 403, after which the request is sent again once.
public struct HMSClient: Sendable {
    public let configuration: Configuration
    let core: ClientCore<HMSDialect>
    let tokens: HMSTokenCache

    /// The page size asked for when the caller's query does not name one: 100ms's largest, so a
    /// full listing takes as few requests as possible.
    static let defaultPageLimit = "100"

    public init(configuration: Configuration, transport: ProviderTransport) {
        self.init(configuration: configuration, transport: transport, now: { Date() })
    }

    /// With a clock of the caller's choosing, so token renewal can be tested without waiting.
    init(configuration: Configuration, transport: ProviderTransport, now: @escaping @Sendable () -> Date) {
        self.configuration = configuration
        let tokens = HMSTokenCache(accessKey: configuration.accessKey, secret: configuration.secret, lifetime: configuration.tokenLifetime, now: now)
        self.tokens = tokens
        self.core = ClientCore(
            transport: transport,
            dialect: HMSDialect(accessKey: configuration.accessKey, secret: configuration.secret, tokens: tokens),
            baseURL: configuration.baseURL,
            requestTimeout: configuration.requestTimeout,
            retry: configuration.retry
        )
    }

    // MARK: Rooms

    /// `POST /rooms`. With a `name` this is an upsert (an existing room of that name is updated
    /// and returned), so it is sent again freely after a lost answer; without one 100ms makes up
    /// a name, and an unknown outcome is not retried.
    public func createRoom(_ body: JSONValue) async throws -> JSONValue {
        let upsert = body["name"]?.stringValue.map { !$0.isEmpty } ?? false
        return try await core.send("create_room", .POST, ["rooms"], body: body, replay: upsert ? .safe : .ifNotProcessed)
    }

    public func getRoom(_ id: String) async throws -> JSONValue {
        try await core.send("get_room", .GET, ["rooms", id])
    }

    /// Every room, all pages. 100ms lists only enabled rooms unless `enabled=false` is given.
    /// Other filters: `name`, `template_id`, `after`, `before`; `limit` (10–100) sets the page size.
    public func listRooms(query: [String: String] = [:]) async throws -> [JSONValue] {
        try await PageSequence.collect(first: Self.withLimit(query), fetch: pageFetcher("list_rooms", ["rooms"]))
    }

    public func roomPages(query: [String: String] = [:]) -> AsyncThrowingStream<[JSONValue], any Error> {
        PageSequence.stream(first: Self.withLimit(query), fetch: pageFetcher("list_rooms", ["rooms"]))
    }

    /// `POST /rooms/{id}`: 100ms updates with POST. The body sets fields, so sending it twice
    /// is harmless and it is retried like a PUT.
    public func updateRoom(_ id: String, _ body: JSONValue) async throws -> JSONValue {
        try await core.send("update_room", .POST, ["rooms", id], body: body, replay: .safe)
    }

    /// `POST /rooms/{id}` with `{"enabled": true}`.
    public func enableRoom(_ id: String) async throws -> JSONValue {
        try await core.send("enable_room", .POST, ["rooms", id], body: ["enabled": true], replay: .safe)
    }

    /// `POST /rooms/{id}` with `{"enabled": false}`: the closest 100ms has to deleting a room.
    public func disableRoom(_ id: String) async throws -> JSONValue {
        try await core.send("disable_room", .POST, ["rooms", id], body: ["enabled": false], replay: .safe)
    }

    /// `POST /active-rooms/{id}/end-room`: removes everyone and ends the session; `lock: true`
    /// also disables the room. Ending twice ends once, so it is retried like a PUT.
    /// Answers `{"message": "session is ending"}`.
    public func endRoom(_ id: String, reason: String?, lock: Bool?) async throws -> JSONValue {
        var body: [String: JSONValue] = [:]
        if let reason { body["reason"] = .string(reason) }
        if let lock { body["lock"] = .bool(lock) }
        return try await core.send("end_room", .POST, ["active-rooms", id, "end-room"], body: .object(body), replay: .safe)
    }

    // MARK: External streams

    /// `POST /external-streams/room/{room_id}/start`; body fields `rtmp_urls` (required, stream
    /// key included in each URL), `meeting_url`, `recording`, `resolution`, `destination`.
    ///
    /// 100ms runs one external stream per room at a time, so after an unknown outcome the
    /// room's active streams are searched for one with the same `rtmp_urls` before starting again.
    public func startExternalStream(roomID: String, _ body: JSONValue) async throws -> JSONValue {
        let urls = body["rtmp_urls"]
        return try await core.send(
            "start_external_stream", .POST, ["external-streams", "room", roomID, "start"], body: body,
            lookUp: { @Sendable in
                try await self.listExternalStreams(query: ["room_id": roomID]).last { stream in
                    Self.isActive(stream) && stream["rtmp_urls"] == urls
                }
            }
        )
    }

    /// `POST /external-streams/{id}/stop`. After an unknown outcome the stream is read first: if
    /// it is already stopping (or done), that is the result, since a second stop is refused.
    public func stopExternalStream(_ id: String) async throws -> JSONValue {
        try await core.send(
            "stop_external_stream", .POST, ["external-streams", id, "stop"],
            lookUp: { @Sendable in
                let stream = try await self.getExternalStream(id)
                return Self.isActive(stream) ? nil : stream
            }
        )
    }

    /// `POST /external-streams/room/{room_id}/stop`: stops every stream of the room. Answers
    /// `{"data": [stopped streams], "limit", "last"}`. After an unknown outcome, a room with no
    /// active stream left counts as stopped, and its streams are returned in that shape.
    public func stopExternalStreams(roomID: String) async throws -> JSONValue {
        try await core.send(
            "stop_external_streams", .POST, ["external-streams", "room", roomID, "stop"],
            lookUp: { @Sendable in
                let streams = try await self.listExternalStreams(query: ["room_id": roomID])
                guard !streams.contains(where: Self.isActive) else { return nil }
                let stopping = streams.filter { $0["status"]?.stringValue == "stopping" }
                return ["data": .array(stopping), "limit": .integer(Int64(max(stopping.count, 10))), "last": stopping.last?["id"] ?? .null]
            }
        )
    }

    public func getExternalStream(_ id: String) async throws -> JSONValue {
        try await core.send("get_external_stream", .GET, ["external-streams", id])
    }

    /// Every external stream, all pages; filters `room_id`, `session_id`, `status`.
    public func listExternalStreams(query: [String: String] = [:]) async throws -> [JSONValue] {
        try await PageSequence.collect(first: Self.withLimit(query), fetch: pageFetcher("list_external_streams", ["external-streams"]))
    }

    static func isActive(_ stream: JSONValue) -> Bool {
        ["starting", "running"].contains(stream["status"]?.stringValue ?? "")
    }

    // MARK: Pages

    private static func withLimit(_ query: [String: String]) -> [String: String] {
        var query = query
        if query["limit"] == nil { query["limit"] = defaultPageLimit }
        return query
    }

    /// One page of a `{limit, data, last}` list. The next page starts after `last`; the list
    /// ends with a page shorter than the limit or without `last` (100ms does not say which it
    /// sends at the end, so either is accepted).
    private func pageFetcher(_ operation: String, _ segments: [String]) -> @Sendable ([String: String]) async throws -> Page<[String: String]> {
        let core = self.core
        return { query in
            let answer = try await core.send(operation, .GET, segments, query: query)
            guard let data = answer["data"]?.arrayValue ?? (answer["data"]?.isNull == true ? [] : nil) else {
                throw core.unexpected(operation, "no data array in the list")
            }
            let limit = answer["limit"]?.integerValue ?? query["limit"].flatMap { Int64($0) } ?? 10
            guard let last = answer["last"]?.stringValue, !last.isEmpty, data.count >= limit else {
                return Page(items: data, next: nil)
            }
            var next = query
            next["start"] = last
            return Page(items: data, next: next)
        }
    }
}
