import Foundation
import GRDB

/// Schedules, their trigger snapshots and their occurrence decisions.
extension SQLiteStore {
    public func addSchedule(_ new: NewSchedule) async throws -> StoredSchedule {
        let schedule = StoredSchedule(
            id: Self.newID(),
            name: new.name,
            script: new.script,
            scriptHash: ScriptDigest.of(new.script),
            triggerSpec: new.triggerSpec,
            options: new.options,
            arguments: new.arguments,
            pausedUntil: nil,
            createdAt: new.createdAt,
            cancelledAt: nil
        )
        return try await write("add schedule \(new.name)") { db in
            try schedule.insert(db)
            return schedule
        }
    }

    public func schedule(id: String) async throws -> StoredSchedule {
        try await read("read schedule \(id)") { db in try Self.existingSchedule(db, id: id) }
    }

    public func schedules(includingCancelled: Bool) async throws -> [StoredSchedule] {
        try await read("list schedules") { db in
            var request = StoredSchedule.order(StoredSchedule.Columns.createdAt, StoredSchedule.Columns.id)
            if !includingCancelled {
                request = request.filter(StoredSchedule.Columns.cancelledAt == nil)
            }
            return try request.fetchAll(db)
        }
    }

    public func pauseSchedule(id: String, until: Date) async throws -> StoredSchedule {
        try await write("pause schedule \(id)") { db in
            var schedule = try Self.activeSchedule(db, id: id, doing: "pause")
            schedule.pausedUntil = until
            try schedule.update(db)
            return schedule
        }
    }

    public func resumeSchedule(id: String) async throws -> StoredSchedule {
        try await write("resume schedule \(id)") { db in
            var schedule = try Self.activeSchedule(db, id: id, doing: "resume")
            schedule.pausedUntil = nil
            try schedule.update(db)
            return schedule
        }
    }

    public func cancelSchedule(id: String, at instant: Date) async throws -> StoredSchedule {
        try await write("cancel schedule \(id)") { db in
            var schedule = try Self.existingSchedule(db, id: id)
            if schedule.cancelledAt == nil {
                schedule.cancelledAt = instant
                try schedule.update(db)
            }
            return schedule
        }
    }

    public func saveTriggerState(scheduleID: String, snapshot: String, at instant: Date) async throws {
        try await write("save trigger state of \(scheduleID)") { db in
            _ = try Self.existingSchedule(db, id: scheduleID)
            try StoredTriggerState(scheduleID: scheduleID, snapshot: snapshot, savedAt: instant).save(db)
        }
    }

    public func triggerState(scheduleID: String) async throws -> StoredTriggerState? {
        try await read("read trigger state of \(scheduleID)") { db in
            try StoredTriggerState.fetchOne(db, key: scheduleID)
        }
    }

    public func recordDecision(scheduleID: String, scheduledAt: Date, decision: String, decidedAt: Date) async throws -> StoredDecision {
        try await write("record decision for \(scheduleID) at \(scheduledAt)") { db in
            _ = try Self.existingSchedule(db, id: scheduleID)
            return try Self.insertDecision(db, scheduleID: scheduleID, scheduledAt: scheduledAt, decision: decision, decidedAt: decidedAt)
        }
    }

    /// Insert-or-keep in one statement: under concurrent deciders exactly one row wins, and every
    /// caller reads back the winner.
    static func insertDecision(_ db: Database, scheduleID: String, scheduledAt: Date, decision: String, decidedAt: Date) throws -> StoredDecision {
        try db.execute(
            sql: """
                INSERT INTO occurrence_decisions (schedule_id, scheduled_at, decision, decided_at)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (schedule_id, scheduled_at) DO NOTHING
                """,
            arguments: [scheduleID, scheduledAt, decision, decidedAt]
        )
        guard let recorded = try Self.decision(db, scheduleID: scheduleID, scheduledAt: scheduledAt) else {
            throw StoreError.corrupt("the decision for \(scheduleID) at \(scheduledAt) vanished after it was recorded")
        }
        return recorded
    }

    public func commitTrigger(_ commit: TriggerCommit) async throws -> [CommittedDecision] {
        try await write("commit the decisions and state of \(commit.scheduleID)") { db in
            _ = try Self.existingSchedule(db, id: commit.scheduleID)
            var committed: [CommittedDecision] = []
            for wanted in commit.decisions {
                let before = try Self.decision(db, scheduleID: commit.scheduleID, scheduledAt: wanted.scheduledAt)
                var decision = try Self.insertDecision(
                    db, scheduleID: commit.scheduleID, scheduledAt: wanted.scheduledAt, decision: wanted.decision, decidedAt: commit.decidedAt)
                var run: StoredRun?
                if before == nil, let new = wanted.run,
                    try Self.occurrenceRun(db, scheduleID: commit.scheduleID, scheduledAt: wanted.scheduledAt) == nil
                {
                    run = try Self.insertRun(db, new)
                    decision.runID = run?.id
                }
                committed.append(CommittedDecision(decision: decision, run: run))
            }
            try StoredTriggerState(scheduleID: commit.scheduleID, snapshot: commit.snapshot, savedAt: commit.decidedAt).save(db)
            return committed
        }
    }

    public func decisionsWithoutRun(decision: String) async throws -> [StoredDecision] {
        try await read("list \(decision) decisions without a run") { db in
            try StoredDecision.fetchAll(
                db,
                sql: """
                    SELECT d.* FROM occurrence_decisions d
                    WHERE d.decision = ? AND d.run_id IS NULL AND NOT EXISTS (
                        SELECT 1 FROM runs r WHERE r.schedule_id = d.schedule_id AND r.scheduled_at = d.scheduled_at)
                    ORDER BY d.scheduled_at, d.id
                    """,
                arguments: [decision])
        }
    }

    public func decisions(scheduleID: String, from: Date, to: Date) async throws -> [StoredDecision] {
        try await read("list decisions of \(scheduleID)") { db in
            try StoredDecision
                .filter(StoredDecision.Columns.scheduleID == scheduleID)
                .filter(StoredDecision.Columns.scheduledAt >= from && StoredDecision.Columns.scheduledAt < to)
                .order(StoredDecision.Columns.scheduledAt)
                .fetchAll(db)
        }
    }

    static func decision(_ db: Database, scheduleID: String, scheduledAt: Date) throws -> StoredDecision? {
        try StoredDecision
            .filter(StoredDecision.Columns.scheduleID == scheduleID && StoredDecision.Columns.scheduledAt == scheduledAt)
            .fetchOne(db)
    }

    static func existingSchedule(_ db: Database, id: String) throws -> StoredSchedule {
        guard let schedule = try StoredSchedule.fetchOne(db, key: id) else {
            throw StoreError.notFound("no schedule \(id)")
        }
        return schedule
    }

    private static func activeSchedule(_ db: Database, id: String, doing: String) throws -> StoredSchedule {
        let schedule = try existingSchedule(db, id: id)
        if schedule.cancelledAt != nil {
            throw StoreError.conflict("cannot \(doing) schedule \(id): it is cancelled")
        }
        return schedule
    }
}
