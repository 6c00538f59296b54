import Foundation
import GRDB

/// One `ctx:step` of a run, journaled as an intent before its provider call and completed after.
///
/// The idempotency key is unique across the store: on recovery, the engine asks for the same key
/// again and gets either the journaled result (the step finished) or the old intent (it did not, and
/// runs again with the same key, so the provider sees a retry rather than a new request).
public struct StoredStep: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Journaled before the provider call; no outcome yet.
        case intent
        /// Finished; `result` holds what the step returned.
        case done
        /// Raised; `error` says why.
        case failed
    }

    public var id: Int64?
    public var runID: String
    public var name: String
    public var idempotencyKey: String
    public var status: Status
    /// How many times the intent was journaled (1, plus one per recovery that ran it again).
    public var attempts: Int
    /// The step's result as JSON text, when `done`.
    public var result: String?
    public var error: String?
    public var startedAt: Date
    public var finishedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, status, attempts, result, error
        case runID = "run_id"
        case idempotencyKey = "idempotency_key"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }
}

extension StoredStep: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "steps" }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let runID = Column(CodingKeys.runID)
        static let idempotencyKey = Column(CodingKeys.idempotencyKey)
    }
}
