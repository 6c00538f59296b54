import Foundation
import GRDB

/// One execution of a playbook, started by a schedule's occurrence or by `onair run`.
///
/// A run is unfinished while its status is `running` or `tearingDown`; after a crash those are the
/// runs whose resources must still be torn down. The lease columns (`leaseOwner`,
/// `leaseExpiresAt`, `fencingToken`) are in the schema now so that several engines sharing a
/// PostgreSQL store can claim work without a migration of the runs table.
public struct StoredRun: Codable, Sendable, Hashable, Identifiable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// The script is running.
        case running
        /// The script has ended (or was stopped) and its ledger is being torn down.
        case tearingDown = "tearing_down"
        /// The script returned and every resource not kept was torn down.
        case succeeded
        /// The script or a step raised; teardown has run.
        case failed
        /// Cancelled by a user (`Ctrl-C`, `onair schedule cancel`); teardown has run.
        case cancelled
        /// The engine that ran it was lost (crash, lost lease) and a later engine tore it down.
        case tornDown = "torn_down"

        /// Whether nothing more will happen to a run in this status.
        public var isFinished: Bool {
            switch self {
            case .running, .tearingDown: false
            case .succeeded, .failed, .cancelled, .tornDown: true
            }
        }
    }

    public var id: String
    public var scheduleID: String?
    /// The occurrence this run was fired for; nil for `onair run`.
    public var scheduledAt: Date?
    public var playbook: String
    /// The run's arguments, a JSON object.
    public var arguments: String
    public var status: Status
    public var startedAt: Date
    /// When the run is meant to end (start + `duration`); stop obligations fall due after it.
    public var endsAt: Date?
    public var finishedAt: Date?
    /// Why the run failed, for `onair runs`.
    public var error: String?
    public var leaseOwner: String?
    public var leaseExpiresAt: Date?
    public var fencingToken: Int64

    enum CodingKeys: String, CodingKey {
        case id, playbook, arguments, status, error
        case scheduleID = "schedule_id"
        case scheduledAt = "scheduled_at"
        case startedAt = "started_at"
        case endsAt = "ends_at"
        case finishedAt = "finished_at"
        case leaseOwner = "lease_owner"
        case leaseExpiresAt = "lease_expires_at"
        case fencingToken = "fencing_token"
    }
}

extension StoredRun: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "runs" }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let scheduleID = Column(CodingKeys.scheduleID)
        static let scheduledAt = Column(CodingKeys.scheduledAt)
        static let status = Column(CodingKeys.status)
        static let startedAt = Column(CodingKeys.startedAt)
    }
}
