import Foundation
import GRDB

/// One entry of a run's resource ledger: something a provider created for the run.
///
/// The engine records a resource before the script sees it, so nothing a run created can be
/// forgotten by a crash. Teardown walks the ledger newest first (by `id`, which only grows), skipping
/// entries created with `keep = true`. While an entry is live, no other live entry may name the same
/// provider object, so recording it twice (a recovered step that got the same object back) returns
/// the first entry instead of scheduling two teardowns.
public struct StoredResource: Codable, Sendable, Hashable, Identifiable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case live
        case tornDown = "torn_down"
    }

    /// Ledger position: larger is newer.
    public var id: Int64?
    public var runID: String
    /// The idempotency key of the step that created it, so a step's `:undo` can replace its teardown.
    public var stepKey: String?
    /// `signalwire`, `100ms`, `cloudflare`, `gjirafa`.
    public var provider: String
    /// `room`, `stream`, `live_input`, `output`, …
    public var kind: String
    public var providerID: String
    /// Ids the provider needs to address it (a Cloudflare output's live input), a JSON array.
    public var parentIDs: String
    /// The object as the provider returned it, JSON, so recovery can hand it back to a resumed step.
    public var details: String?
    /// Created with `keep = true`: outlives its run.
    public var keep: Bool
    public var status: Status
    public var createdAt: Date
    public var tornDownAt: Date?
    /// Failed teardown attempts so far.
    public var teardownAttempts: Int
    public var lastError: String?

    enum CodingKeys: String, CodingKey {
        case id, provider, kind, details, keep, status
        case runID = "run_id"
        case stepKey = "step_key"
        case providerID = "provider_id"
        case parentIDs = "parent_ids"
        case createdAt = "created_at"
        case tornDownAt = "torn_down_at"
        case teardownAttempts = "teardown_attempts"
        case lastError = "last_error"
    }
}

extension StoredResource: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "resources" }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let runID = Column(CodingKeys.runID)
        static let provider = Column(CodingKeys.provider)
        static let kind = Column(CodingKeys.kind)
        static let providerID = Column(CodingKeys.providerID)
        static let keep = Column(CodingKeys.keep)
        static let status = Column(CodingKeys.status)
    }
}
