import Foundation
import OnAirStore
import Testing

@Suite struct CreateIntentStoreTests {
    @Test(arguments: StoreBackendKind.allCases)
    func anIntentStaysOpenUntilResolvedAndTheSameKeyCountsOnce(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let run = try await store.startTestRun()
        let intent = StoredCreateIntent(
            idempotencyKey: "onair-1", runID: run.id, stepKey: "\(run.id)/input#1", operation: "live_input.create",
            request: #"{"meta":{"name":"x"}}"#, keep: false, createdAt: Instant.at(1))
        try await store.recordCreateIntent(intent)
        var again = intent
        again.request = #"{"meta":{"name":"changed"}}"#
        try await store.recordCreateIntent(again)
        let open = try await store.openCreateIntents(runID: run.id)
        #expect(open.count == 1)
        #expect(open.first?.request == #"{"meta":{"name":"x"}}"#, "the first intent stands")
        try await store.resolveCreateIntent(idempotencyKey: "onair-1", at: Instant.at(2))
        #expect(try await store.openCreateIntents(runID: run.id).isEmpty)
    }

    @Test(arguments: StoreBackendKind.allCases)
    func anIntentNeedsItsRun(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        await #expect(throws: StoreError.self) {
            try await store.recordCreateIntent(StoredCreateIntent(
                idempotencyKey: "k", runID: "no-such-run", stepKey: nil, operation: "live_input.create", request: "{}", keep: false,
                createdAt: Instant.at(1)))
        }
    }
}
