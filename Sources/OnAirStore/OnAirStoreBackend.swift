import Foundation

/// Everything the engine asks of durable state, independent of where it lives.
///
/// SQLite (`SQLiteStore`) implements it today; a PostgreSQL backend for several engines implements
/// the same operations with the same guarantees, and the same test bodies run over both. Every
/// operation is one transaction: it happens completely or not at all. Times are passed in, never
/// read from a clock here, so the scheduler's injectable clock governs the store too.
///
/// Errors are `StoreError`.
public protocol OnAirStoreBackend: Sendable {
    // MARK: Schedules

    /// Records a schedule and returns it with its new id and script digest.
    func addSchedule(_ schedule: NewSchedule) async throws -> StoredSchedule
    /// The schedule with this id, cancelled or not. Throws `notFound`.
    func schedule(id: String) async throws -> StoredSchedule
    /// Schedules in the order they were added; cancelled ones only when asked.
    func schedules(includingCancelled: Bool) async throws -> [StoredSchedule]
    /// Pauses until `until` (`.distantFuture` for "until resumed"). Throws `conflict` if cancelled.
    func pauseSchedule(id: String, until: Date) async throws -> StoredSchedule
    /// Clears a pause. Throws `conflict` if cancelled.
    func resumeSchedule(id: String) async throws -> StoredSchedule
    /// Cancels for good; cancelling twice keeps the first time.
    func cancelSchedule(id: String, at: Date) async throws -> StoredSchedule

    // MARK: Trigger state

    /// Saves (replaces) the scheduler's snapshot JSON for a schedule.
    func saveTriggerState(scheduleID: String, snapshot: String, at: Date) async throws
    /// The last saved snapshot, or nil if none was saved.
    func triggerState(scheduleID: String) async throws -> StoredTriggerState?

    // MARK: Occurrence decisions

    /// Records the decision for one occurrence. If the occurrence already has one, nothing changes
    /// and the first decision is returned: the caller must follow it.
    func recordDecision(scheduleID: String, scheduledAt: Date, decision: String, decidedAt: Date) async throws -> StoredDecision
    /// Decisions of a schedule with `from <= scheduledAt < to`, in time order.
    func decisions(scheduleID: String, from: Date, to: Date) async throws -> [StoredDecision]
    /// Records one event of a trigger in one transaction: each decision (insert-or-keep, as
    /// `recordDecision`), a run with its owner for each decision that carries one and is the
    /// recorded decision of an occurrence without a run, and the trigger's snapshot. Returns, per
    /// decision in order, the decision that holds and the run created (nil when none was).
    func commitTrigger(_ commit: TriggerCommit) async throws -> [CommittedDecision]
    /// Decisions recorded as `decision` whose occurrence has no run, oldest first: firings a crash
    /// (of an engine that wrote them apart) left without a run, for recovery.
    func decisionsWithoutRun(decision: String) async throws -> [StoredDecision]

    // MARK: Runs

    /// Starts a run in status `running`, with its owner's lease when `NewRun.owner` is set. For a
    /// scheduled run, links it to the occurrence's decision; a second run for the same occurrence
    /// throws `conflict`.
    func startRun(_ run: NewRun) async throws -> StoredRun
    /// The run with this id. Throws `notFound`.
    func run(id: String) async throws -> StoredRun
    /// Moves a run to `status`. `running → anything`, `tearingDown → finished`; a finished run throws
    /// `conflict`. A finished status sets `finishedAt`.
    func updateRun(id: String, status: StoredRun.Status, at: Date, error: String?) async throws -> StoredRun
    /// Makes `owner` the engine in charge of an unfinished run (until `until`, nil: while the
    /// owner lives) and increases its fencing token. Throws `conflict` if the run has finished.
    func claimRun(id: String, owner: String, until: Date?) async throws -> StoredRun
    /// Claims an unfinished run only if nobody claimed it since it was read (its fencing token is
    /// still `fencingToken`), and increases the token. Throws `conflict` otherwise, or if it finished:
    /// two engines recovering at once cannot both take over one run.
    func takeOverRun(id: String, owner: String, fencingToken: Int64) async throws -> StoredRun
    /// Runs still `running` or `tearingDown`, oldest first: after a restart, the ones to recover.
    func unfinishedRuns() async throws -> [StoredRun]
    /// The latest runs first, each with its steps, optionally for one schedule.
    func runHistory(scheduleID: String?, limit: Int) async throws -> [RunHistoryEntry]

    // MARK: Step journal

    /// Journals a step's intent before its provider call, or reports what the journal already holds
    /// for this idempotency key. A key belongs to one run: reusing it for another throws `conflict`.
    func beginStep(runID: String, name: String, idempotencyKey: String, at: Date) async throws -> StepJournalEntry
    /// Journals a step's result (JSON) after the provider answered. Finishing twice throws `conflict`.
    func completeStep(idempotencyKey: String, result: String, at: Date) async throws -> StoredStep
    /// Journals a step's failure.
    func failStep(idempotencyKey: String, error: String, at: Date) async throws -> StoredStep
    /// A run's steps in the order they began.
    func steps(runID: String) async throws -> [StoredStep]

    // MARK: Resource ledger and stop obligations

    /// Records a resource (and, for an output, its stop obligation) before the script sees it.
    /// The same live provider object recorded again for the same run returns the first entry.
    func recordResource(_ resource: NewResource) async throws -> RecordedResource
    /// A run's live resources newest first: the teardown order. Kept ones only when asked.
    func liveResources(runID: String, includingKept: Bool) async throws -> [StoredResource]
    /// Every live resource of every run, newest first, for `onair status`.
    func allLiveResources() async throws -> [StoredResource]
    /// Marks a resource torn down and fulfils its stop obligation. Doing it twice changes nothing.
    func markTornDown(resourceID: Int64, at: Date) async throws -> StoredResource
    /// Counts a failed teardown or stop attempt, on the resource and its obligation, with the error.
    func recordTeardownFailure(resourceID: Int64, error: String) async throws -> StoredResource
    /// Moves an output's stop deadline (a run that was extended); only while it is pending.
    func rescheduleStopObligation(resourceID: Int64, dueAt: Date) async throws -> StoredStopObligation
    /// Pending stop obligations due at or before `instant`, most overdue first.
    func dueStopObligations(at instant: Date) async throws -> [StoredStopObligation]
    /// Every pending stop obligation, soonest first, for `onair status` and for arming timers.
    func pendingStopObligations() async throws -> [StoredStopObligation]
    /// The resource with this ledger id. Throws `notFound`.
    func resource(id: Int64) async throws -> StoredResource

    // MARK: Create intents

    /// Journals a keyed create before it is sent. The same key again changes nothing.
    func recordCreateIntent(_ intent: StoredCreateIntent) async throws
    /// A run's intents whose resource never reached the ledger, oldest first: to send again on recovery.
    func openCreateIntents(runID: String) async throws -> [StoredCreateIntent]
    /// The intent's resource is in the ledger (or the create is known to have failed).
    func resolveCreateIntent(idempotencyKey: String, at: Date) async throws
}
