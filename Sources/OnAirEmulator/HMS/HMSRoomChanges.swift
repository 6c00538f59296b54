/// The body of `POST /v2/rooms` (create or upsert) and `POST /v2/rooms/{id}` (update, enable,
/// disable), checked with 100ms's documented messages.
struct HMSRoomChanges: Sendable {
    var name: String?
    var description: String?
    var templateID: String?
    var recordingInfo: [String: JSONValue]?
    var region: String?
    var largeRoom: Bool?
    var size: Int?
    var maxDurationSeconds: Int?
    var webhook: [String: JSONValue]?
    var polls: [String]?
    var enabled: Bool?

    static let regions: Set<String> = ["eu", "in", "us", "auto"]
    static let uploadTypes: Set<String> = ["s3", "gs", "oss", "azure"]

    init(_ fields: JSONFields, isCreate: Bool) throws(HMSError) {
        if fields.contains("template") {
            throw .badRequest("Invalid body param: template. Use template_id")
        }
        do throws(FieldProblem) {
            name = try fields.string("name")
            if let name {
                let allowed = name.unicodeScalars.allSatisfy {
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-:_".unicodeScalars.contains($0))
                }
                guard !name.isEmpty, allowed else {
                    throw FieldProblem.invalid("name", "may contain only a-z, A-Z, 0-9, '.', '-', ':' and '_'")
                }
            }
            description = try fields.string("description")
            if isCreate {
                templateID = try fields.string("template_id")
            }
            recordingInfo = try fields.object("recording_info")
            region = try fields.string("region")
            largeRoom = try fields.bool("large_room")
            size = try fields.int("size")
            maxDurationSeconds = try fields.int("max_duration_seconds")
            webhook = try fields.object("webhook")
            polls = try fields.stringArray("polls")
            enabled = try fields.bool("enabled")
        } catch {
            throw .invalidBody(error)
        }
        if let templateID, !(templateID.count == 24 && templateID.allSatisfy(\.isHexDigit)) {
            throw .badRequest("Error: template not found")
        }
        if let region, !Self.regions.contains(region) {
            throw .badRequest("Error: region not supported")
        }
        if let maxDurationSeconds {
            if maxDurationSeconds < 120 { throw .badRequest("Invalid body param: max_duration_seconds less than 120 seconds") }
            if maxDurationSeconds > 43200 { throw .badRequest("Invalid body param: max_duration_seconds greater than 43200 seconds") }
        }
        if let size {
            let maximum = largeRoom == true ? 20000 : 2500
            guard (0...maximum).contains(size) else { throw .badRequest("Invalid body param: size", details: ["size must be between 0 and \(maximum)"]) }
        }
        if let recordingInfo { try Self.checkRecordingInfo(recordingInfo) }
        if let webhook {
            guard case .string(let url)? = webhook["url"], !url.isEmpty else {
                throw .badRequest("Invalid body param: webhook", details: ["webhook.url is required"])
            }
        }
    }

    private static func checkRecordingInfo(_ info: [String: JSONValue]) throws(HMSError) {
        if let enabled = info["enabled"], case .bool = enabled {} else if info["enabled"] != nil {
            throw .badRequest("Invalid body param: recording_info", details: ["recording_info.enabled must be a boolean"])
        }
        guard let upload = info["upload_info"] else { return }
        guard case .object(let uploadInfo) = upload,
            case .string(let type)? = uploadInfo["type"], uploadTypes.contains(type)
        else {
            throw .badRequest("Invalid upload configuration")
        }
        guard case .string(let location)? = uploadInfo["location"], !location.isEmpty else {
            throw .badRequest("Bucket location is missing")
        }
        if let credentials = uploadInfo["credentials"] {
            guard case .object(let pair) = credentials, case .string? = pair["key"], case .string? = pair["secret"] else {
                throw .badRequest("Invalid upload configuration")
            }
        }
    }

    func apply(to room: inout HMSRoom) {
        if let name { room.name = name }
        if let description { room.description = description }
        if let templateID { room.templateID = templateID }
        if let recordingInfo {
            room.recordingInfo = recordingInfo
            room.recordingSourceTemplate = false
        }
        if let region { room.region = region }
        if let largeRoom { room.largeRoom = largeRoom }
        if let size { room.size = size }
        if let maxDurationSeconds { room.maxDurationSeconds = maxDurationSeconds }
        if let webhook { room.webhook = webhook }
        if let polls { room.polls = polls }
        if let enabled { room.enabled = enabled }
    }
}
