import Foundation
import GRDB

/// A create the engine is about to send with an idempotency key, journaled before the request.
///
/// It closes the one window the ledger alone cannot: the provider created the resource, and the
/// engine died before the ledger recorded it. An intent still open when its run is recovered is
/// sent again with the same key; the provider answers with the resource the first request
/// created (or creates it now, if the first never arrived), which then joins the ledger and is
/// torn down like the rest.
public struct StoredCreateIntent: Codable, Sendable, Hashable {
    public var idempotencyKey: String
    public var runID: String
    public var stepKey: String?
    /// The binding (`live_input.create`).
    public var operation: String
    /// What the engine needs to send it again, JSON it encoded; opaque to the store.
    public var request: String
    public var keep: Bool
    public var createdAt: Date
    /// When the resource it created was recorded in the ledger; nil while open.
    public var resolvedAt: Date?

    public init(idempotencyKey: String, runID: String, stepKey: String?, operation: String, request: String, keep: Bool, createdAt: Date) {
        self.idempotencyKey = idempotencyKey
        self.runID = runID
        self.stepKey = stepKey
        self.operation = operation
        self.request = request
        self.keep = keep
        self.createdAt = createdAt
        self.resolvedAt = nil
    }

    enum CodingKeys: String, CodingKey {
        case operation, request, keep
        case idempotencyKey = "idempotency_key"
        case runID = "run_id"
        case stepKey = "step_key"
        case createdAt = "created_at"
        case resolvedAt = "resolved_at"
    }
}

extension StoredCreateIntent: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "create_intents" }

    public enum Columns {
        static let idempotencyKey = Column(CodingKeys.idempotencyKey)
        static let runID = Column(CodingKeys.runID)
        static let resolvedAt = Column(CodingKeys.resolvedAt)
        static let createdAt = Column(CodingKeys.createdAt)
    }
}

/// Create intents in the SQLite store.
extension SQLiteStore {
    public func recordCreateIntent(_ intent: StoredCreateIntent) async throws {
        try await write("record the intent \(intent.idempotencyKey)") { db in
            _ = try Self.existingRun(db, id: intent.runID)
            // A resumed step sends the same key again: the first intent stands.
            try intent.insert(db, onConflict: .ignore)
        }
    }

    public func openCreateIntents(runID: String) async throws -> [StoredCreateIntent] {
        try await read("list open intents of run \(runID)") { db in
            try StoredCreateIntent
                .filter(StoredCreateIntent.Columns.runID == runID)
                .filter(StoredCreateIntent.Columns.resolvedAt == nil)
                .order(StoredCreateIntent.Columns.createdAt, StoredCreateIntent.Columns.idempotencyKey)
                .fetchAll(db)
        }
    }

    public func resolveCreateIntent(idempotencyKey: String, at instant: Date) async throws {
        try await write("resolve the intent \(idempotencyKey)") { db in
            try db.execute(
                sql: "UPDATE create_intents SET resolved_at = ? WHERE idempotency_key = ? AND resolved_at IS NULL",
                arguments: [instant, idempotencyKey])
        }
    }
}
