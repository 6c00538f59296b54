import Foundation
import GRDB

/// The one decision recorded for one occurrence of a schedule: `fired`, `skipped:overlap`,
/// `skipped:paused` or `missed:late` (the engine's `OccurrenceDecision` raw values).
///
/// `UNIQUE(schedule_id, scheduled_at)` makes the first decision final: a second engine, or the same
/// engine after a restart, that decides the same occurrence gets the first decision back and must
/// follow it. That is what makes firing exactly-once.
public struct StoredDecision: Codable, Sendable, Hashable {
    public var id: Int64?
    public var scheduleID: String
    public var scheduledAt: Date
    /// The engine's decision word; the store does not interpret it.
    public var decision: String
    /// The run started for a `fired` decision, once it exists.
    public var runID: String?
    public var decidedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, decision
        case scheduleID = "schedule_id"
        case scheduledAt = "scheduled_at"
        case runID = "run_id"
        case decidedAt = "decided_at"
    }
}

extension StoredDecision: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "occurrence_decisions" }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    public enum Columns {
        static let scheduleID = Column(CodingKeys.scheduleID)
        static let scheduledAt = Column(CodingKeys.scheduledAt)
    }
}
