import Foundation
import OnAirStore
import Synchronization

/// A store that forwards to a real one until told to fail: every operation then throws
/// `unavailable`, as a database that went away would, so tests can watch how the engine handles
/// failures on its durable path.
final class SwitchableStore: OnAirStoreBackend {
    let base: any OnAirStoreBackend
    private let failing = Mutex(false)

    init(_ base: any OnAirStoreBackend) {
        self.base = base
    }

    func fail(_ on: Bool = true) { failing.withLock { $0 = on } }

    private func gate(_ operation: String) throws {
        if failing.withLock({ $0 }) { throw StoreError.unavailable("\(operation): the test switched the store off") }
    }

    func addSchedule(_ schedule: NewSchedule) async throws -> StoredSchedule {
        try gate("addSchedule")
        return try await base.addSchedule(schedule)
    }

    func schedule(id: String) async throws -> StoredSchedule {
        try gate("schedule")
        return try await base.schedule(id: id)
    }

    func schedules(includingCancelled: Bool) async throws -> [StoredSchedule] {
        try gate("schedules")
        return try await base.schedules(includingCancelled: includingCancelled)
    }

    func pauseSchedule(id: String, until: Date) async throws -> StoredSchedule {
        try gate("pauseSchedule")
        return try await base.pauseSchedule(id: id, until: until)
    }

    func resumeSchedule(id: String) async throws -> StoredSchedule {
        try gate("resumeSchedule")
        return try await base.resumeSchedule(id: id)
    }

    func cancelSchedule(id: String, at: Date) async throws -> StoredSchedule {
        try gate("cancelSchedule")
        return try await base.cancelSchedule(id: id, at: at)
    }

    func saveTriggerState(scheduleID: String, snapshot: String, at: Date) async throws {
        try gate("saveTriggerState")
        try await base.saveTriggerState(scheduleID: scheduleID, snapshot: snapshot, at: at)
    }

    func triggerState(scheduleID: String) async throws -> StoredTriggerState? {
        try gate("triggerState")
        return try await base.triggerState(scheduleID: scheduleID)
    }

    func recordDecision(scheduleID: String, scheduledAt: Date, decision: String, decidedAt: Date) async throws -> StoredDecision {
        try gate("recordDecision")
        return try await base.recordDecision(scheduleID: scheduleID, scheduledAt: scheduledAt, decision: decision, decidedAt: decidedAt)
    }

    func decisions(scheduleID: String, from: Date, to: Date) async throws -> [StoredDecision] {
        try gate("decisions")
        return try await base.decisions(scheduleID: scheduleID, from: from, to: to)
    }

    func commitTrigger(_ commit: TriggerCommit) async throws -> [CommittedDecision] {
        try gate("commitTrigger")
        return try await base.commitTrigger(commit)
    }

    func decisionsWithoutRun(decision: String) async throws -> [StoredDecision] {
        try gate("decisionsWithoutRun")
        return try await base.decisionsWithoutRun(decision: decision)
    }

    func startRun(_ run: NewRun) async throws -> StoredRun {
        try gate("startRun")
        return try await base.startRun(run)
    }

    func run(id: String) async throws -> StoredRun {
        try gate("run")
        return try await base.run(id: id)
    }

    func updateRun(id: String, status: StoredRun.Status, at: Date, error: String?) async throws -> StoredRun {
        try gate("updateRun")
        return try await base.updateRun(id: id, status: status, at: at, error: error)
    }

    func claimRun(id: String, owner: String, until: Date?) async throws -> StoredRun {
        try gate("claimRun")
        return try await base.claimRun(id: id, owner: owner, until: until)
    }

    func takeOverRun(id: String, owner: String, fencingToken: Int64) async throws -> StoredRun {
        try gate("takeOverRun")
        return try await base.takeOverRun(id: id, owner: owner, fencingToken: fencingToken)
    }

    func unfinishedRuns() async throws -> [StoredRun] {
        try gate("unfinishedRuns")
        return try await base.unfinishedRuns()
    }

    func runHistory(scheduleID: String?, limit: Int) async throws -> [RunHistoryEntry] {
        try gate("runHistory")
        return try await base.runHistory(scheduleID: scheduleID, limit: limit)
    }

    func beginStep(runID: String, name: String, idempotencyKey: String, at: Date) async throws -> StepJournalEntry {
        try gate("beginStep")
        return try await base.beginStep(runID: runID, name: name, idempotencyKey: idempotencyKey, at: at)
    }

    func completeStep(idempotencyKey: String, result: String, at: Date) async throws -> StoredStep {
        try gate("completeStep")
        return try await base.completeStep(idempotencyKey: idempotencyKey, result: result, at: at)
    }

    func failStep(idempotencyKey: String, error: String, at: Date) async throws -> StoredStep {
        try gate("failStep")
        return try await base.failStep(idempotencyKey: idempotencyKey, error: error, at: at)
    }

    func steps(runID: String) async throws -> [StoredStep] {
        try gate("steps")
        return try await base.steps(runID: runID)
    }

    func recordResource(_ resource: NewResource) async throws -> RecordedResource {
        try gate("recordResource")
        return try await base.recordResource(resource)
    }

    func liveResources(runID: String, includingKept: Bool) async throws -> [StoredResource] {
        try gate("liveResources")
        return try await base.liveResources(runID: runID, includingKept: includingKept)
    }

    func allLiveResources() async throws -> [StoredResource] {
        try gate("allLiveResources")
        return try await base.allLiveResources()
    }

    func markTornDown(resourceID: Int64, at: Date) async throws -> StoredResource {
        try gate("markTornDown")
        return try await base.markTornDown(resourceID: resourceID, at: at)
    }

    func recordTeardownFailure(resourceID: Int64, error: String) async throws -> StoredResource {
        try gate("recordTeardownFailure")
        return try await base.recordTeardownFailure(resourceID: resourceID, error: error)
    }

    func rescheduleStopObligation(resourceID: Int64, dueAt: Date) async throws -> StoredStopObligation {
        try gate("rescheduleStopObligation")
        return try await base.rescheduleStopObligation(resourceID: resourceID, dueAt: dueAt)
    }

    func dueStopObligations(at instant: Date) async throws -> [StoredStopObligation] {
        try gate("dueStopObligations")
        return try await base.dueStopObligations(at: instant)
    }

    func pendingStopObligations() async throws -> [StoredStopObligation] {
        try gate("pendingStopObligations")
        return try await base.pendingStopObligations()
    }

    func resource(id: Int64) async throws -> StoredResource {
        try gate("resource")
        return try await base.resource(id: id)
    }

    func recordCreateIntent(_ intent: StoredCreateIntent) async throws {
        try gate("recordCreateIntent")
        try await base.recordCreateIntent(intent)
    }

    func openCreateIntents(runID: String) async throws -> [StoredCreateIntent] {
        try gate("openCreateIntents")
        return try await base.openCreateIntents(runID: runID)
    }

    func resolveCreateIntent(idempotencyKey: String, at: Date) async throws {
        try gate("resolveCreateIntent")
        try await base.resolveCreateIntent(idempotencyKey: idempotencyKey, at: at)
    }
}
