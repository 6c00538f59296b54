/// SignalWire's `Conference` object (a conference is a room with a ready-made UI).
struct SignalWireConference: Encodable, Sendable, Equatable {
    var id: String
    var name: String
    @NullEncoded var displayName: String?
    @NullEncoded var description: String?
    @NullEncoded var joinFrom: String?
    @NullEncoded var joinUntil: String?
    var quality: String
    var layout: String
    @NullEncoded var size: String?
    var recordOnStart: Bool
    var toneOnEntryAndExit: Bool
    var userJoinVideoOff: Bool
    var roomJoinVideoOff: Bool
    var enableChat: Bool
    @NullEncoded var enableRoomPreviews: Bool?
    /// The ten theme colours, keyed by their wire names (`dark_primary` … `light_negative`).
    var colors: [String: String?]
    @NullEncoded var meta: [String: JSONValue]?
    var createdAt: String
    var updatedAt: String

    static let colorFields = [
        "dark_primary", "dark_background", "dark_foreground", "dark_success", "dark_negative",
        "light_primary", "light_background", "light_foreground", "light_success", "light_negative",
    ]

    /// The documented defaults, the same for the dark and light themes.
    static func defaultColor(for field: String) -> String {
        switch field.split(separator: "_").last {
        case "primary": "#044EF4"
        case "background": "#FFFFFF"
        case "foreground": "#1D2127"
        case "success": "#17BB58"
        default: "#F42C50"
        }
    }

    private struct DynamicKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { self.stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        try container.encode(id, forKey: .init("id"))
        try container.encode(name, forKey: .init("name"))
        try container.encode(displayName, forKey: .init("display_name"))
        try container.encode(description, forKey: .init("description"))
        try container.encode(joinFrom, forKey: .init("join_from"))
        try container.encode(joinUntil, forKey: .init("join_until"))
        try container.encode(quality, forKey: .init("quality"))
        try container.encode(layout, forKey: .init("layout"))
        try container.encode(size, forKey: .init("size"))
        try container.encode(recordOnStart, forKey: .init("record_on_start"))
        try container.encode(toneOnEntryAndExit, forKey: .init("tone_on_entry_and_exit"))
        try container.encode(userJoinVideoOff, forKey: .init("user_join_video_off"))
        try container.encode(roomJoinVideoOff, forKey: .init("room_join_video_off"))
        try container.encode(enableChat, forKey: .init("enable_chat"))
        try container.encode(enableRoomPreviews, forKey: .init("enable_room_previews"))
        for field in Self.colorFields {
            try container.encode(colors[field] ?? nil, forKey: .init(field))
        }
        try container.encode(meta, forKey: .init("meta"))
        try container.encode(createdAt, forKey: .init("created_at"))
        try container.encode(updatedAt, forKey: .init("updated_at"))
    }
}
