/// SignalWire's `Stream` object: an RTMP(S) output of a room or conference.
///
/// Every key is required by the schema and several are nullable: `width`, `height` and `fps` stay
/// `null` until media flows, which never happens in the emulator.
struct SignalWireStream: Encodable, Sendable, Equatable {
    var id: String
    @NullEncoded var url: String?
    @NullEncoded var streamType: String?
    @NullEncoded var width: Int?
    @NullEncoded var height: Int?
    @NullEncoded var fps: Int?
    var createdAt: String
    var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id, url
        case streamType = "stream_type"
        case width, height, fps
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// A stream with the room or conference it was added to; `/api/video/streams/{id}` finds streams
/// of both kinds, while the list routes filter by owner.
struct SignalWireStoredStream: Sendable {
    enum Owner: Sendable, Equatable {
        case room(String)
        case conference(String)
    }

    var stream: SignalWireStream
    var owner: Owner
}
