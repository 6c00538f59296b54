import Foundation
import GRDB

/// A durable schedule: the script as it was when the schedule was added, and the trigger the engine
/// arms from it.
///
/// The script is kept as a snapshot (with its digest) so a schedule keeps doing what it did when it
/// was added even if the file on disk changes or disappears. `triggerSpec`, `options` and `arguments`
/// are JSON the engine encodes from its own types; the store keeps them opaque so it never depends on
/// the engine.
public struct StoredSchedule: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var script: String
    /// `ScriptDigest.of(script)`.
    public var scriptHash: String
    /// The engine's `TriggerSpec`, JSON-encoded.
    public var triggerSpec: String
    /// The engine's `TriggerOptions`, JSON-encoded.
    public var options: String
    /// The arguments each run of this schedule receives, a JSON object.
    public var arguments: String
    /// Occurrences before this instant are decided `skipped:paused`; nil when not paused.
    public var pausedUntil: Date?
    public var createdAt: Date
    /// Set once, when the schedule is cancelled; a cancelled schedule never fires again.
    public var cancelledAt: Date?

    /// Whether the schedule is paused at `instant`.
    public func isPaused(at instant: Date) -> Bool {
        pausedUntil.map { instant < $0 } ?? false
    }

    enum CodingKeys: String, CodingKey {
        case id, name, script, options, arguments
        case scriptHash = "script_hash"
        case triggerSpec = "trigger_spec"
        case pausedUntil = "paused_until"
        case createdAt = "created_at"
        case cancelledAt = "cancelled_at"
    }
}

extension StoredSchedule: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "schedules" }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
        static let pausedUntil = Column(CodingKeys.pausedUntil)
        static let createdAt = Column(CodingKeys.createdAt)
        static let cancelledAt = Column(CodingKeys.cancelledAt)
    }
}
