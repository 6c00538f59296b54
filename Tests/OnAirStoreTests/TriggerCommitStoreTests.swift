import Foundation
import OnAirStore
import Testing

/// One event of a trigger (decisions, runs with their owner, snapshot) is one transaction.
@Suite struct TriggerCommitStoreTests {
    static let owner = "host-a/4242/9001"

    @Test(arguments: StoreBackendKind.allCases)
    func aFiringCommitsItsDecisionItsOwnedRunAndTheSnapshotTogether(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let schedule = try await store.addTestSchedule()
        let occurrence = Instant.at(600)
        let committed = try await store.commitTrigger(TriggerCommit(
            scheduleID: schedule.id,
            decisions: [
                TriggerCommit.Decision(scheduledAt: Instant.at(300), decision: "missed:late"),
                TriggerCommit.Decision(scheduledAt: occurrence, decision: "fired", run: NewRun(
                    scheduleID: schedule.id, scheduledAt: occurrence, playbook: schedule.name, startedAt: occurrence, owner: Self.owner)),
            ],
            decidedAt: occurrence, snapshot: #"{"cursor":1}"#))
        #expect(committed.map(\.decision.decision) == ["missed:late", "fired"])
        #expect(committed[0].run == nil)
        let run = try #require(committed[1].run)
        #expect(run.leaseOwner == Self.owner)
        #expect(run.fencingToken == 1)
        #expect(committed[1].decision.runID == run.id)
        let stored = try await store.decisions(scheduleID: schedule.id, from: Instant.base, to: Instant.at(3600))
        #expect(stored.map(\.runID) == [nil, run.id])
        #expect(try await store.triggerState(scheduleID: schedule.id)?.snapshot == #"{"cursor":1}"#)
        #expect(try await store.decisionsWithoutRun(decision: "fired").isEmpty)
    }

    @Test(arguments: StoreBackendKind.allCases)
    func anOccurrenceDecidedBeforeGetsNoSecondRun(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let schedule = try await store.addTestSchedule()
        let occurrence = Instant.at(600)
        let fire = TriggerCommit.Decision(scheduledAt: occurrence, decision: "fired", run: NewRun(
            scheduleID: schedule.id, scheduledAt: occurrence, playbook: schedule.name, startedAt: occurrence, owner: Self.owner))
        let first = try await store.commitTrigger(TriggerCommit(scheduleID: schedule.id, decisions: [fire], decidedAt: occurrence, snapshot: "{}"))
        let again = try await store.commitTrigger(TriggerCommit(scheduleID: schedule.id, decisions: [fire], decidedAt: occurrence, snapshot: #"{"b":2}"#))
        #expect(again[0].run == nil, "the occurrence has its run: the second engine starts nothing")
        #expect(again[0].decision.runID == first[0].run?.id)
        #expect(try await store.unfinishedRuns().count == 1)
        #expect(try await store.triggerState(scheduleID: schedule.id)?.snapshot == #"{"b":2}"#)

        let otherOccurrence = Instant.at(1200)
        _ = try await store.recordDecision(scheduleID: schedule.id, scheduledAt: otherOccurrence, decision: "skipped:paused", decidedAt: otherOccurrence)
        let late = try await store.commitTrigger(TriggerCommit(
            scheduleID: schedule.id,
            decisions: [TriggerCommit.Decision(scheduledAt: otherOccurrence, decision: "fired", run: NewRun(
                scheduleID: schedule.id, scheduledAt: otherOccurrence, playbook: schedule.name, startedAt: otherOccurrence, owner: Self.owner))],
            decidedAt: otherOccurrence, snapshot: "{}"))
        #expect(late[0].decision.decision == "skipped:paused", "the first decision holds")
        #expect(late[0].run == nil)
    }

    @Test(arguments: StoreBackendKind.allCases)
    func aCommitThatFailsPartWayLeavesNothing(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let schedule = try await store.addTestSchedule()
        _ = try await store.commitTrigger(TriggerCommit(scheduleID: schedule.id, decisions: [], decidedAt: Instant.base, snapshot: "before"))
        let occurrence = Instant.at(600)
        let error = await #expect(throws: StoreError.self) {
            try await store.commitTrigger(TriggerCommit(
                scheduleID: schedule.id,
                decisions: [
                    TriggerCommit.Decision(scheduledAt: Instant.at(60), decision: "missed:late"),
                    // A run naming a schedule that does not exist: the insert fails after the first decision.
                    TriggerCommit.Decision(scheduledAt: occurrence, decision: "fired", run: NewRun(
                        scheduleID: "no-such-schedule", scheduledAt: occurrence, playbook: schedule.name, startedAt: occurrence, owner: Self.owner)),
                ],
                decidedAt: occurrence, snapshot: "after"))
        }
        #expect(error?.kind == .notFound)
        #expect(try await store.decisions(scheduleID: schedule.id, from: Instant.base, to: Instant.at(3600)).isEmpty)
        #expect(try await store.triggerState(scheduleID: schedule.id)?.snapshot == "before")
        #expect(try await store.unfinishedRuns().isEmpty)
    }

    @Test(arguments: StoreBackendKind.allCases)
    func aFiringWithoutARunIsListedForRecoveryUntilItHasOne(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let schedule = try await store.addTestSchedule()
        let occurrence = Instant.at(600)
        _ = try await store.recordDecision(scheduleID: schedule.id, scheduledAt: occurrence, decision: "fired", decidedAt: occurrence)
        _ = try await store.recordDecision(scheduleID: schedule.id, scheduledAt: Instant.at(1200), decision: "missed:late", decidedAt: occurrence)
        #expect(try await store.decisionsWithoutRun(decision: "fired").map(\.scheduledAt) == [occurrence])
        _ = try await store.startRun(NewRun(scheduleID: schedule.id, scheduledAt: occurrence, playbook: schedule.name, startedAt: occurrence, owner: Self.owner))
        #expect(try await store.decisionsWithoutRun(decision: "fired").isEmpty)
    }

    @Test(arguments: StoreBackendKind.allCases)
    func aRunStartedWithAnOwnerHasItsLeaseAndATakeOverChecksTheToken(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let run = try await store.startRun(NewRun(playbook: "show", startedAt: Instant.base, owner: Self.owner))
        #expect(run.leaseOwner == Self.owner)
        #expect(run.fencingToken == 1)
        let taken = try await store.takeOverRun(id: run.id, owner: "host-b/1/1", fencingToken: 1)
        #expect(taken.leaseOwner == "host-b/1/1")
        #expect(taken.fencingToken == 2)
        let error = await #expect(throws: StoreError.self) {
            try await store.takeOverRun(id: run.id, owner: "host-c/1/1", fencingToken: 1)
        }
        #expect(error?.kind == .conflict, "a second engine that read the run before the first took it over gets nothing")
        #expect(try await store.run(id: run.id).leaseOwner == "host-b/1/1")
    }
}
