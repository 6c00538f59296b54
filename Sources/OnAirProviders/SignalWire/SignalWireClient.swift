import NIOHTTP1
/// SignalWire Video REST API: rooms, conferences and their RTMP streams.
///
/// Results are the provider's own objects; list calls follow `links.next` through every page.
/// Paths: `/api/video/rooms`, `/api/video/conferences`, `/api/video/streams` under the space's
/// base URL (research/providers.md §1).
public struct SignalWireClient: Sendable {
    public let configuration: Configuration
    let core: ClientCore<SignalWireDialect>

    public init(configuration: Configuration, transport: ProviderTransport) {
        self.configuration = configuration
        self.core = ClientCore(
            transport: transport,
            dialect: SignalWireDialect(projectID: configuration.projectID, apiToken: configuration.apiToken),
            baseURL: configuration.baseURL,
            requestTimeout: configuration.requestTimeout,
            retry: configuration.retry
        )
    }

    // MARK: Rooms

    /// `POST /api/video/rooms`. SignalWire has no idempotency key, but room names are unique per
    /// project: when an attempt's outcome is unknown (connection lost after sending, 5xx), the
    /// room is looked up by name before the create is sent again, and a room found under that
    /// name is the result. (Sending again would only fail with "name has already been taken".)
    public func createRoom(_ body: JSONValue) async throws -> JSONValue {
        let name = body["name"]?.stringValue
        let lookUp: (@Sendable () async throws -> JSONValue?)? = name.map { name in
            { @Sendable in try await self.roomIfExists(name) }
        }
        return try await core.send("create_room", .POST, ["api", "video", "rooms"], body: body, lookUp: lookUp)
    }

    /// `GET /api/video/rooms/{id}` or `/{name}`: SignalWire resolves either form on one path.
    public func getRoom(_ idOrName: String) async throws -> JSONValue {
        try await core.send("get_room", .GET, ["api", "video", "rooms", idOrName])
    }

    /// The room, or nil when SignalWire answers 404.
    func roomIfExists(_ idOrName: String) async throws -> JSONValue? {
        do {
            return try await core.send("get_room", .GET, ["api", "video", "rooms", idOrName])
        } catch where error.kind == .notFound {
            return nil
        }
    }

    /// Every room, all pages. `query` takes SignalWire's filters and page parameters
    /// (`page_size`, `include_active_session`, `starts_after`, `ends_before`).
    public func listRooms(query: [String: String] = [:]) async throws -> [JSONValue] {
        try await PageSequence.collect(first: query, fetch: pageFetcher("list_rooms", ["api", "video", "rooms"]))
    }

    /// Rooms page by page, each fetched when the consumer asks for it.
    public func roomPages(query: [String: String] = [:]) -> AsyncThrowingStream<[JSONValue], any Error> {
        PageSequence.stream(first: query, fetch: pageFetcher("list_rooms", ["api", "video", "rooms"]))
    }

    /// `PUT /api/video/rooms/{id}`.
    public func updateRoom(_ id: String, _ body: JSONValue) async throws -> JSONValue {
        try await core.send("update_room", .PUT, ["api", "video", "rooms", id], body: body)
    }

    /// `DELETE /api/video/rooms/{id}` (204).
    public func deleteRoom(_ id: String) async throws {
        _ = try await core.send("delete_room", .DELETE, ["api", "video", "rooms", id])
    }

    // MARK: Conferences

    /// `POST /api/video/conferences`. Conferences have no look-up by name, so a create whose
    /// outcome is unknown is not sent again (only 429/503 and failed connections are retried).
    public func createConference(_ body: JSONValue) async throws -> JSONValue {
        try await core.send("create_conference", .POST, ["api", "video", "conferences"], body: body)
    }

    public func getConference(_ id: String) async throws -> JSONValue {
        try await core.send("get_conference", .GET, ["api", "video", "conferences", id])
    }

    public func listConferences(query: [String: String] = [:]) async throws -> [JSONValue] {
        try await PageSequence.collect(first: query, fetch: pageFetcher("list_conferences", ["api", "video", "conferences"]))
    }

    public func conferencePages(query: [String: String] = [:]) -> AsyncThrowingStream<[JSONValue], any Error> {
        PageSequence.stream(first: query, fetch: pageFetcher("list_conferences", ["api", "video", "conferences"]))
    }

    /// `PUT /api/video/conferences/{id}`; SignalWire requires `display_name` even here.
    public func updateConference(_ id: String, _ body: JSONValue) async throws -> JSONValue {
        try await core.send("update_conference", .PUT, ["api", "video", "conferences", id], body: body)
    }

    public func deleteConference(_ id: String) async throws {
        _ = try await core.send("delete_conference", .DELETE, ["api", "video", "conferences", id])
    }

    // MARK: Streams

    public func listRoomStreams(roomID: String) async throws -> [JSONValue] {
        try await PageSequence.collect(first: [:], fetch: pageFetcher("list_room_streams", ["api", "video", "rooms", roomID, "streams"]))
    }

    /// `POST /api/video/rooms/{id}/streams` (201). After an unknown outcome the room's streams are
    /// searched for one with the same URL before sending again: two pushes to one destination
    /// URL (which carries the stream key) would collide at the destination anyway.
    public func createRoomStream(roomID: String, url: String) async throws -> JSONValue {
        try await core.send(
            "create_room_stream", .POST, ["api", "video", "rooms", roomID, "streams"], body: ["url": .string(url)],
            lookUp: { @Sendable in try await self.listRoomStreams(roomID: roomID).last { $0["url"]?.stringValue == url } }
        )
    }

    public func listConferenceStreams(conferenceID: String) async throws -> [JSONValue] {
        try await PageSequence.collect(
            first: [:], fetch: pageFetcher("list_conference_streams", ["api", "video", "conferences", conferenceID, "streams"])
        )
    }

    /// `POST /api/video/conferences/{id}/streams` (200, unlike the room variant); same look-up as
    /// ``createRoomStream(roomID:url:)``.
    public func createConferenceStream(conferenceID: String, url: String) async throws -> JSONValue {
        try await core.send(
            "create_conference_stream", .POST, ["api", "video", "conferences", conferenceID, "streams"], body: ["url": .string(url)],
            lookUp: { @Sendable in
                try await self.listConferenceStreams(conferenceID: conferenceID).last { $0["url"]?.stringValue == url }
            }
        )
    }

    /// `GET /api/video/streams/{id}`, for streams of rooms and conferences alike.
    public func getStream(_ id: String) async throws -> JSONValue {
        try await core.send("get_stream", .GET, ["api", "video", "streams", id])
    }

    /// `PUT /api/video/streams/{id}` with the new destination.
    public func updateStream(_ id: String, url: String) async throws -> JSONValue {
        try await core.send("update_stream", .PUT, ["api", "video", "streams", id], body: ["url": .string(url)])
    }

    public func deleteStream(_ id: String) async throws {
        _ = try await core.send("delete_stream", .DELETE, ["api", "video", "streams", id])
    }

    // MARK: Pages

    /// Fetches one page of a `{links, data}` list. The next page is requested on this client's
    /// own base URL and path with the query taken from `links.next`, as SignalWire's SDK does,
    /// so a link naming another host never receives the credentials.
    private func pageFetcher(_ operation: String, _ segments: [String]) -> @Sendable ([String: String]) async throws -> Page<[String: String]> {
        let core = self.core
        return { query in
            let answer = try await core.send(operation, .GET, segments, query: query)
            guard let data = answer["data"]?.arrayValue else {
                throw core.unexpected(operation, "no data array in the list")
            }
            let next = answer["links"]?["next"]?.stringValue.map(ProviderURL.queryParameters(of:))
            return Page(items: data, next: next)
        }
    }
}
