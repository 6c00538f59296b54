import Foundation
import OnAirStore
import Testing

@Suite struct StopObligationStoreTests {
    @Test(arguments: StoreBackendKind.allCases)
    func obligationsFallDueAtTheirInstantMostOverdueFirst(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let run = try await store.startTestRun()
        for (name, due) in [("late", 300.0), ("early", 100.0), ("middle", 200.0)] {
            _ = try await store.recordResource(NewResource(runID: run.id, provider: "signalwire", kind: "stream", providerID: name, createdAt: Instant.at(1), stopDueAt: Instant.at(due)))
        }
        #expect(try await store.dueStopObligations(at: Instant.at(99)).isEmpty)
        #expect(try await store.dueStopObligations(at: Instant.at(100)).map(\.dueAt) == [Instant.at(100)])
        #expect(try await store.dueStopObligations(at: Instant.at(250)).map(\.dueAt) == [Instant.at(100), Instant.at(200)])
        #expect(try await store.dueStopObligations(at: Instant.at(10_000)).count == 3)
        #expect(try await store.pendingStopObligations().map(\.dueAt) == [Instant.at(100), Instant.at(200), Instant.at(300)])
    }

    @Test(arguments: StoreBackendKind.allCases)
    func anExtendedRunMovesItsDeadlineAndAStoppedOutputIsNoLongerDue(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let run = try await store.startTestRun()
        let output = try await store.recordResource(NewResource(runID: run.id, provider: "cloudflare", kind: "output", providerID: "o", createdAt: Instant.at(1), stopDueAt: Instant.at(100)))
        let id = try #require(output.resource.id)
        _ = try await store.rescheduleStopObligation(resourceID: id, dueAt: Instant.at(500))
        #expect(try await store.dueStopObligations(at: Instant.at(400)).isEmpty)
        _ = try await store.markTornDown(resourceID: id, at: Instant.at(450))
        #expect(try await store.dueStopObligations(at: Instant.at(600)).isEmpty)
        let late = await #expect(throws: StoreError.self) { try await store.rescheduleStopObligation(resourceID: id, dueAt: Instant.at(900)) }
        #expect(late?.kind == .conflict)
    }
}
