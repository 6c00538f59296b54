import Foundation
import OnAirStore
import Testing

@Suite struct StepJournalStoreTests {
    @Test(arguments: StoreBackendKind.allCases)
    func aFinishedStepReturnsItsJournaledResultInsteadOfRunningAgain(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let run = try await store.startTestRun()
        let key = "\(run.id)/live input/1"

        guard case .started(let intent) = try await store.beginStep(runID: run.id, name: "live input", idempotencyKey: key, at: Instant.at(1)) else {
            Issue.record("a new key must start a step")
            return
        }
        #expect(intent.status == .intent)
        let done = try await store.completeStep(idempotencyKey: key, result: #"{"uid":"abc"}"#, at: Instant.at(2))
        #expect(done.status == .done)

        let again = try await store.beginStep(runID: run.id, name: "live input", idempotencyKey: key, at: Instant.at(3))
        #expect(again == .finished(done))
        #expect(again.step.result == #"{"uid":"abc"}"#)
        #expect(try await store.steps(runID: run.id).count == 1)
    }

    @Test(arguments: StoreBackendKind.allCases)
    func anIntentWithoutOutcomeResumesWithTheSameKey(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let run = try await store.startTestRun()
        _ = try await store.beginStep(runID: run.id, name: "output A", idempotencyKey: "k-a", at: Instant.at(1))
        let resumed = try await store.beginStep(runID: run.id, name: "output A", idempotencyKey: "k-a", at: Instant.at(5))
        guard case .resumed(let step) = resumed else {
            Issue.record("an unfinished intent must resume, got \(resumed)")
            return
        }
        #expect(step.attempts == 2)
        #expect(step.startedAt == Instant.at(1))
    }

    @Test(arguments: StoreBackendKind.allCases)
    func anOutcomeIsFinalAndAKeyBelongsToOneRun(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let run = try await store.startTestRun()
        let other = try await store.startTestRun()
        _ = try await store.beginStep(runID: run.id, name: "s", idempotencyKey: "k", at: Instant.at(1))
        _ = try await store.failStep(idempotencyKey: "k", error: "rate_limited", at: Instant.at(2))
        #expect(try await store.failStep(idempotencyKey: "k", error: "rate_limited", at: Instant.at(3)).finishedAt == Instant.at(2))

        let changed = await #expect(throws: StoreError.self) {
            try await store.completeStep(idempotencyKey: "k", result: "{}", at: Instant.at(4))
        }
        #expect(changed?.kind == .conflict)
        let stolen = await #expect(throws: StoreError.self) {
            try await store.beginStep(runID: other.id, name: "s", idempotencyKey: "k", at: Instant.at(5))
        }
        #expect(stolen?.kind == .conflict)
        let empty = await #expect(throws: StoreError.self) {
            try await store.beginStep(runID: run.id, name: "s", idempotencyKey: "", at: Instant.at(5))
        }
        #expect(empty?.kind == .invalid)
    }

    @Test(arguments: StoreBackendKind.allCases)
    func runHistoryShowsEachRunWithItsStepOutcomes(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let first = try await store.startRun(NewRun(playbook: "first", startedAt: Instant.at(0)))
        let second = try await store.startRun(NewRun(playbook: "second", startedAt: Instant.at(100)))
        _ = try await store.beginStep(runID: first.id, name: "a", idempotencyKey: "a", at: Instant.at(1))
        _ = try await store.completeStep(idempotencyKey: "a", result: "1", at: Instant.at(2))
        _ = try await store.beginStep(runID: first.id, name: "b", idempotencyKey: "b", at: Instant.at(3))
        _ = try await store.failStep(idempotencyKey: "b", error: "boom", at: Instant.at(4))
        _ = try await store.updateRun(id: first.id, status: .failed, at: Instant.at(5), error: "boom")

        let history = try await store.runHistory(scheduleID: nil, limit: 10)
        #expect(history.map(\.run.id) == [second.id, first.id])
        #expect(history[1].run.status == .failed)
        #expect(history[1].run.finishedAt == Instant.at(5))
        #expect(history[1].steps.map(\.status) == [.done, .failed])
        #expect(history[0].steps.isEmpty)
        #expect(try await store.runHistory(scheduleID: nil, limit: 1).count == 1)

        let again = await #expect(throws: StoreError.self) {
            try await store.updateRun(id: first.id, status: .succeeded, at: Instant.at(6), error: nil)
        }
        #expect(again?.kind == .conflict)
    }
}
