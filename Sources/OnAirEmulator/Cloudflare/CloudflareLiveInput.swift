/// A Cloudflare Stream live input with its ingest and playback credentials.
///
/// `deleteRecordingAfterDays` and `keysRotatedAt` are left out until set; `status` is `null`
/// because no encoder ever connects to the emulator.
struct CloudflareLiveInput: Encodable, Sendable, Equatable {
    struct Recording: Encodable, Sendable, Equatable {
        var mode: String = "off"
        var timeoutSeconds: Int = 0
        var requireSignedURLs: Bool = false
        var allowedOrigins: [String] = []
        var hideLiveViewerCount: Bool = false
    }

    struct RTMPS: Encodable, Sendable, Equatable {
        var url: String
        var streamKey: String
    }

    struct SRT: Encodable, Sendable, Equatable {
        var url: String
        var streamId: String
        var passphrase: String
    }

    struct WebRTC: Encodable, Sendable, Equatable {
        var url: String
    }

    var uid: String
    var created: String
    var modified: String
    var meta: [String: JSONValue]
    var deleteRecordingAfterDays: Double?
    var defaultCreator: String?
    var enabled: Bool
    var preferLowLatency: Bool
    var recording: Recording
    var rtmps: RTMPS
    var rtmpsPlayback: RTMPS
    var srt: SRT
    var srtPlayback: SRT
    var webRTC: WebRTC
    var webRTCPlayback: WebRTC
    @NullEncoded var status: String?
    var keysRotatedAt: String?

    /// The list form: no credentials (a client fetches one input to get its keys).
    var summary: Summary {
        Summary(uid: uid, created: created, modified: modified, meta: meta, deleteRecordingAfterDays: deleteRecordingAfterDays, enabled: enabled)
    }

    struct Summary: Encodable, Sendable, Equatable {
        var uid: String
        var created: String
        var modified: String
        var meta: [String: JSONValue]
        var deleteRecordingAfterDays: Double?
        var enabled: Bool
    }
}

/// A simulcast destination of a live input. `url` and `streamKey` never change; only `enabled` does.
struct CloudflareOutput: Encodable, Sendable, Equatable {
    var uid: String
    var url: String
    var streamKey: String
    var enabled: Bool
}
