/// SignalWire's `Room` object as returned by every room route.
///
/// All keys are always present; the ones the schema marks nullable are sent as `null` when unset.
/// `active_session` is left out: the emulator runs no sessions.
struct SignalWireRoom: Encodable, Sendable, Equatable {
    var id: String
    var name: String
    @NullEncoded var displayName: String?
    @NullEncoded var description: String?
    var maxMembers: Int
    var quality: String
    var fps: Int
    @NullEncoded var joinFrom: String?
    @NullEncoded var joinUntil: String?
    @NullEncoded var removeAt: String?
    @NullEncoded var removeAfterSecondsElapsed: Int?
    var layout: String
    var recordOnStart: Bool
    var toneOnEntryAndExit: Bool
    var roomJoinVideoOff: Bool
    var userJoinVideoOff: Bool
    @NullEncoded var enableRoomPreviews: Bool?
    @NullEncoded var syncAudioVideo: Bool?
    @NullEncoded var meta: [String: JSONValue]?
    var prioritizeHandraise: Bool
    var createdAt: String
    var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id, name
        case displayName = "display_name"
        case description
        case maxMembers = "max_members"
        case quality, fps
        case joinFrom = "join_from"
        case joinUntil = "join_until"
        case removeAt = "remove_at"
        case removeAfterSecondsElapsed = "remove_after_seconds_elapsed"
        case layout
        case recordOnStart = "record_on_start"
        case toneOnEntryAndExit = "tone_on_entry_and_exit"
        case roomJoinVideoOff = "room_join_video_off"
        case userJoinVideoOff = "user_join_video_off"
        case enableRoomPreviews = "enable_room_previews"
        case syncAudioVideo = "sync_audio_video"
        case meta
        case prioritizeHandraise = "prioritize_handraise"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
