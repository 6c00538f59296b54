import Foundation
import GRDB

/// A durable promise to stop one output by `dueAt`, kept apart from the run that started it.
///
/// It does not depend on the script, the run's status or the engine that created it: whichever
/// engine is alive when it falls due stops the output, however late, and keeps retrying until it is
/// done. One obligation per resource (`UNIQUE(resource_id)`).
public struct StoredStopObligation: Codable, Sendable, Hashable, Identifiable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case pending
        case done
    }

    public var id: Int64?
    public var resourceID: Int64
    public var dueAt: Date
    public var status: Status
    /// Failed stop attempts so far.
    public var attempts: Int
    public var lastError: String?
    public var doneAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, status, attempts
        case resourceID = "resource_id"
        case dueAt = "due_at"
        case lastError = "last_error"
        case doneAt = "done_at"
    }
}

extension StoredStopObligation: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "stop_obligations" }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let resourceID = Column(CodingKeys.resourceID)
        static let dueAt = Column(CodingKeys.dueAt)
        static let status = Column(CodingKeys.status)
    }
}
