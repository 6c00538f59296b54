import Foundation
import OnAirStore
import Testing

@Suite struct ScheduleStoreTests {
    @Test(arguments: StoreBackendKind.allCases)
    func aScheduleIsListedPausedResumedAndCancelled(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let added = try await store.addTestSchedule()
        #expect(added.scriptHash == ScriptDigest.of(added.script))
        #expect(try await store.schedules(includingCancelled: false) == [added])

        let paused = try await store.pauseSchedule(id: added.id, until: Instant.at(3600))
        #expect(paused.isPaused(at: Instant.at(10)))
        #expect(!paused.isPaused(at: Instant.at(3600)))
        #expect(try await store.resumeSchedule(id: added.id).pausedUntil == nil)

        let cancelled = try await store.cancelSchedule(id: added.id, at: Instant.at(60))
        #expect(cancelled.cancelledAt == Instant.at(60))
        #expect(try await store.cancelSchedule(id: added.id, at: Instant.at(120)).cancelledAt == Instant.at(60))
        #expect(try await store.schedules(includingCancelled: false).isEmpty)
        #expect(try await store.schedules(includingCancelled: true).map(\.id) == [added.id])
        await #expect(throws: StoreError.conflict("cannot pause schedule \(added.id): it is cancelled")) {
            try await store.pauseSchedule(id: added.id, until: .distantFuture)
        }
    }

    @Test(arguments: StoreBackendKind.allCases)
    func anUnknownScheduleIsNotFound(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let error = await #expect(throws: StoreError.self) { try await store.schedule(id: "nope") }
        #expect(error?.kind == .notFound)
    }

    @Test(arguments: StoreBackendKind.allCases)
    func theTriggerSnapshotIsReplacedNotAppended(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let schedule = try await store.addTestSchedule()
        #expect(try await store.triggerState(scheduleID: schedule.id) == nil)
        try await store.saveTriggerState(scheduleID: schedule.id, snapshot: #"{"cursor":1}"#, at: Instant.at(1))
        try await store.saveTriggerState(scheduleID: schedule.id, snapshot: #"{"cursor":2}"#, at: Instant.at(2))
        let state = try await store.triggerState(scheduleID: schedule.id)
        #expect(state?.snapshot == #"{"cursor":2}"#)
        #expect(state?.savedAt == Instant.at(2))
    }

    @Test func theScriptDigestNamesItsAlgorithmAndChangesWithTheScript() {
        #expect(ScriptDigest.of("") == "fnv1a64:cbf29ce484222325")
        #expect(ScriptDigest.of("a") != ScriptDigest.of("b"))
    }
}
