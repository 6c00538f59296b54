/// A 100ms room as the v2 API returns it.
///
/// 100ms's examples disagree about which optional keys appear; the emulator sends the documented
/// core keys always and the optional settings (`size`, `max_duration_seconds`, `webhook`, `polls`)
/// only once they have been set.
struct HMSRoom: Encodable, Sendable, Equatable {
    var id: String
    var name: String
    var enabled: Bool
    var description: String
    var customerID: String
    var appID: String
    var recordingInfo: [String: JSONValue]
    /// True while the room follows its template's recording settings (no `recording_info` given).
    var recordingSourceTemplate: Bool
    var templateID: String
    var region: String
    var largeRoom: Bool
    var size: Int?
    var maxDurationSeconds: Int?
    var polls: [String]?
    var webhook: [String: JSONValue]?
    var createdAt: String
    var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id, name, enabled, description
        case customerID = "customer_id"
        case customer
        case appID = "app_id"
        case recordingInfo = "recording_info"
        case recordingSourceTemplate = "recording_source_template"
        case templateID = "template_id"
        case region
        case largeRoom = "large_room"
        case size
        case maxDurationSeconds = "max_duration_seconds"
        case polls, webhook, key
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(enabled, forKey: .enabled)
        try container.encode(description, forKey: .description)
        try container.encode(customerID, forKey: .customerID)
        // The deprecated spelling still appears in 100ms's create example.
        try container.encode(customerID, forKey: .customer)
        try container.encode(appID, forKey: .appID)
        try container.encode(recordingInfo, forKey: .recordingInfo)
        if recordingSourceTemplate { try container.encode(true, forKey: .recordingSourceTemplate) }
        try container.encode(templateID, forKey: .templateID)
        try container.encode(region, forKey: .region)
        try container.encode(largeRoom, forKey: .largeRoom)
        try container.encodeIfPresent(size, forKey: .size)
        try container.encodeIfPresent(maxDurationSeconds, forKey: .maxDurationSeconds)
        try container.encodeIfPresent(polls, forKey: .polls)
        try container.encodeIfPresent(webhook, forKey: .webhook)
        try container.encode("\(customerID):\(name)", forKey: .key)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
