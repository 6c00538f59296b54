import Foundation

/// A 100ms external stream: the room's composite pushed to RTMP destinations.
///
/// Status runs `starting` → `running` → `stopping` → (`post_processing` when recording) →
/// `completed`. The changes happen when the stream is next read, after the delays in
/// ``EmulatorConfiguration/Timing``, so a fixed clock holds a stream in place.
struct HMSExternalStream: Encodable, Sendable, Equatable {
    struct Resolution: Codable, Sendable, Equatable {
        var width: Int
        var height: Int
    }

    var id: String
    var roomID: String
    var sessionID: String
    var status: String
    var rtmpURLs: [String]
    var recording: Bool
    var resolution: Resolution
    var meetingURL: String
    var destination: String
    @NullEncoded var recordingAssets: [JSONValue]?
    var createdAt: String
    @NullEncoded var startedAt: String?
    var startedBy: String
    @NullEncoded var stoppedAt: String?
    var stoppedBy: String
    var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id
        case roomID = "room_id"
        case sessionID = "session_id"
        case status
        case rtmpURLs = "rtmp_urls"
        case recording, resolution
        case meetingURL = "meeting_url"
        case destination
        case recordingAssets = "recording_assets"
        case createdAt = "created_at"
        case startedAt = "started_at"
        case startedBy = "started_by"
        case stoppedAt = "stopped_at"
        case stoppedBy = "stopped_by"
        case updatedAt = "updated_at"
    }

    /// Still producing output, so it can be stopped and blocks another start in its room.
    var isActive: Bool { status == "starting" || status == "running" }
}

/// A stream with the instants its transitions are measured from.
struct HMSStoredStream: Sendable {
    var stream: HMSExternalStream
    var createdAt: Date
    var stopRequestedAt: Date?

    /// Applies every transition that is due at `now`.
    mutating func advance(now: Date, timing: EmulatorConfiguration.Timing) {
        if stream.status == "starting" {
            let due = createdAt.addingTimeInterval(timing.hmsStreamStartSeconds)
            guard now >= due else { return }
            stream.status = "running"
            stream.startedAt = Timestamp.milliseconds(due)
            stream.updatedAt = Timestamp.milliseconds(due)
        }
        guard let stopRequestedAt else { return }
        let firstStep = stopRequestedAt.addingTimeInterval(timing.hmsStreamStopSeconds)
        if stream.status == "stopping", now >= firstStep {
            stream.status = stream.recording ? "post_processing" : "completed"
            stream.stoppedAt = Timestamp.milliseconds(firstStep)
            stream.updatedAt = Timestamp.milliseconds(firstStep)
        }
        let secondStep = firstStep.addingTimeInterval(timing.hmsStreamStopSeconds)
        if stream.status == "post_processing", now >= secondStep {
            stream.status = "completed"
            stream.recordingAssets = []
            stream.updatedAt = Timestamp.milliseconds(secondStep)
        }
    }
}
