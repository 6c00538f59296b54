import Foundation
import GRDB

/// The scheduler's memory of one schedule: the engine's `TriggerStateMachine.Snapshot` as JSON.
///
/// Saved after every decision so that a restarted engine resumes from the cursor instead of
/// re-deciding occurrences it has already decided (the decision table would refuse them anyway).
public struct StoredTriggerState: Codable, Sendable, Hashable {
    public var scheduleID: String
    /// JSON text the engine encoded; opaque to the store.
    public var snapshot: String
    public var savedAt: Date

    enum CodingKeys: String, CodingKey {
        case snapshot
        case scheduleID = "schedule_id"
        case savedAt = "saved_at"
    }
}

extension StoredTriggerState: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "trigger_states" }

    public enum Columns {
        static let scheduleID = Column(CodingKeys.scheduleID)
    }
}
