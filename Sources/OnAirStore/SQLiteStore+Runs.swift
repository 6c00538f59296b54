import Foundation
import GRDB

/// Runs: starting, finishing, recovery and history.
extension SQLiteStore {
    public func startRun(_ new: NewRun) async throws -> StoredRun {
        try await write("start run of \(new.playbook)") { db in try Self.insertRun(db, new) }
    }

    /// Inserts a run in status `running` (with its owner's lease when it has one) and links it to
    /// its occurrence's decision; a second run for one occurrence is a conflict.
    static func insertRun(_ db: Database, _ new: NewRun) throws -> StoredRun {
        let run = StoredRun(
            id: newID(),
            scheduleID: new.scheduleID,
            scheduledAt: new.scheduledAt,
            playbook: new.playbook,
            arguments: new.arguments,
            status: .running,
            startedAt: new.startedAt,
            endsAt: new.endsAt,
            finishedAt: nil,
            error: nil,
            leaseOwner: new.owner,
            leaseExpiresAt: nil,
            fencingToken: new.owner == nil ? 0 : 1
        )
        if let scheduleID = new.scheduleID {
            _ = try existingSchedule(db, id: scheduleID)
            if let scheduledAt = new.scheduledAt, let other = try occurrenceRun(db, scheduleID: scheduleID, scheduledAt: scheduledAt) {
                throw StoreError.conflict("the occurrence \(scheduledAt) of schedule \(scheduleID) already has run \(other.id)")
            }
        }
        try run.insert(db)
        if let scheduleID = new.scheduleID, let scheduledAt = new.scheduledAt {
            try db.execute(
                sql: """
                    UPDATE occurrence_decisions SET run_id = ?
                    WHERE schedule_id = ? AND scheduled_at = ? AND run_id IS NULL
                    """,
                arguments: [run.id, scheduleID, scheduledAt]
            )
        }
        return run
    }

    static func occurrenceRun(_ db: Database, scheduleID: String, scheduledAt: Date) throws -> StoredRun? {
        try StoredRun
            .filter(StoredRun.Columns.scheduleID == scheduleID)
            .filter(StoredRun.Columns.scheduledAt == scheduledAt)
            .fetchOne(db)
    }

    public func run(id: String) async throws -> StoredRun {
        try await read("read run \(id)") { db in try Self.existingRun(db, id: id) }
    }

    public func updateRun(id: String, status: StoredRun.Status, at instant: Date, error: String?) async throws -> StoredRun {
        try await write("update run \(id)") { db in
            var run = try Self.existingRun(db, id: id)
            if run.status.isFinished {
                throw StoreError.conflict("run \(id) already finished as \(run.status.rawValue)")
            }
            if run.status == .tearingDown && status == .running {
                throw StoreError.conflict("run \(id) is tearing down and cannot run again")
            }
            run.status = status
            if let error { run.error = error }
            if status.isFinished { run.finishedAt = instant }
            try run.update(db)
            return run
        }
    }

    public func claimRun(id: String, owner: String, until: Date?) async throws -> StoredRun {
        try await write("claim run \(id)") { db in try Self.claim(db, id: id, owner: owner, until: until, ifToken: nil) }
    }

    public func takeOverRun(id: String, owner: String, fencingToken: Int64) async throws -> StoredRun {
        try await write("take over run \(id)") { db in try Self.claim(db, id: id, owner: owner, until: nil, ifToken: fencingToken) }
    }

    private static func claim(_ db: Database, id: String, owner: String, until: Date?, ifToken expected: Int64?) throws -> StoredRun {
        var run = try existingRun(db, id: id)
        if run.status.isFinished {
            throw StoreError.conflict("run \(id) already finished as \(run.status.rawValue)")
        }
        if let expected, run.fencingToken != expected {
            throw StoreError.conflict(
                "run \(id) was claimed by \(run.leaseOwner ?? "another engine") (fencing token \(run.fencingToken), expected \(expected))")
        }
        run.leaseOwner = owner
        run.leaseExpiresAt = until
        run.fencingToken += 1
        try run.update(db)
        return run
    }

    public func unfinishedRuns() async throws -> [StoredRun] {
        try await read("list unfinished runs") { db in
            try StoredRun
                .filter([StoredRun.Status.running.rawValue, StoredRun.Status.tearingDown.rawValue].contains(StoredRun.Columns.status))
                .order(StoredRun.Columns.startedAt, StoredRun.Columns.id)
                .fetchAll(db)
        }
    }

    public func runHistory(scheduleID: String?, limit: Int) async throws -> [RunHistoryEntry] {
        try await read("read run history") { db in
            var request = StoredRun.order(StoredRun.Columns.startedAt.desc, StoredRun.Columns.id.desc).limit(max(0, limit))
            if let scheduleID {
                request = request.filter(StoredRun.Columns.scheduleID == scheduleID)
            }
            let runs = try request.fetchAll(db)
            let steps = try StoredStep
                .filter(runs.map(\.id).contains(StoredStep.Columns.runID))
                .order(StoredStep.Columns.id)
                .fetchAll(db)
            let byRun = Dictionary(grouping: steps, by: \.runID)
            return runs.map { RunHistoryEntry(run: $0, steps: byRun[$0.id] ?? []) }
        }
    }

    static func existingRun(_ db: Database, id: String) throws -> StoredRun {
        guard let run = try StoredRun.fetchOne(db, key: id) else {
            throw StoreError.notFound("no run \(id)")
        }
        return run
    }
}
