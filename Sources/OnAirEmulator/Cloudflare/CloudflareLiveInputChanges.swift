/// The body of a live input create or update (`CreateInput` / `UpdateInput`).
///
/// Omitted fields keep their value on update; `deleteRecordingAfterDays: null` removes the
/// scheduled deletion.
struct CloudflareLiveInputChanges: Sendable {
    var defaultCreator: String?
    var deleteRecordingAfterDays: Double?
    var clearsDeleteRecordingAfterDays = false
    var enabled: Bool?
    var meta: [String: JSONValue]?
    var preferLowLatency: Bool?
    var recording: [String: JSONValue]?

    init(_ fields: JSONFields) throws(CloudflareError) {
        do throws(FieldProblem) {
            defaultCreator = try fields.string("defaultCreator")
            deleteRecordingAfterDays = try fields.number("deleteRecordingAfterDays")
            clearsDeleteRecordingAfterDays = fields.isNull("deleteRecordingAfterDays")
            if let days = deleteRecordingAfterDays, days < 30 {
                throw .invalid("deleteRecordingAfterDays", "must be at least 30")
            }
            enabled = try fields.bool("enabled")
            meta = try fields.object("meta")
            preferLowLatency = try fields.bool("preferLowLatency")
            recording = try fields.object("recording")
            if let recording {
                let nested = JSONFields(recording)
                if let mode = try nested.string("mode"), mode != "off", mode != "automatic" {
                    throw .invalid("recording.mode", "must be one of off, automatic")
                }
                if let timeout = try nested.int("timeoutSeconds"), timeout < 0 {
                    throw .invalid("recording.timeoutSeconds", "must be at least 0")
                }
                _ = try nested.bool("requireSignedURLs")
                _ = try nested.stringArray("allowedOrigins")
                _ = try nested.bool("hideLiveViewerCount")
            }
        } catch {
            throw .invalid(error)
        }
    }

    func apply(to input: inout CloudflareLiveInput) {
        if let defaultCreator { input.defaultCreator = defaultCreator }
        if let deleteRecordingAfterDays { input.deleteRecordingAfterDays = deleteRecordingAfterDays }
        if clearsDeleteRecordingAfterDays { input.deleteRecordingAfterDays = nil }
        if let enabled { input.enabled = enabled }
        if let meta { input.meta = meta }
        if let preferLowLatency { input.preferLowLatency = preferLowLatency }
        if let recording {
            // Checked in init; only well-typed members reach this point.
            let nested = JSONFields(recording)
            if let mode = try? nested.string("mode") { input.recording.mode = mode }
            if let timeout = try? nested.int("timeoutSeconds") { input.recording.timeoutSeconds = timeout }
            if let signed = try? nested.bool("requireSignedURLs") { input.recording.requireSignedURLs = signed }
            if let origins = try? nested.stringArray("allowedOrigins") { input.recording.allowedOrigins = origins }
            if let hide = try? nested.bool("hideLiveViewerCount") { input.recording.hideLiveViewerCount = hide }
        }
    }
}
