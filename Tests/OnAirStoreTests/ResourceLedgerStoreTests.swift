import Foundation
import OnAirStore
import Testing

@Suite struct ResourceLedgerStoreTests {
    @Test(arguments: StoreBackendKind.allCases)
    func teardownOrderIsNewestFirstAndSkipsKeptResources(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let run = try await store.startTestRun()
        let input = try await store.recordResource(NewResource(runID: run.id, provider: "cloudflare", kind: "live_input", providerID: "in-1", createdAt: Instant.at(1)))
        let kept = try await store.recordResource(NewResource(runID: run.id, provider: "cloudflare", kind: "live_input", providerID: "in-2", keep: true, createdAt: Instant.at(1)))
        let output = try await store.recordResource(NewResource(
            runID: run.id, provider: "cloudflare", kind: "output", providerID: "out-1", parentIDs: #"["in-1"]"#,
            createdAt: Instant.at(1), stopDueAt: Instant.at(7230)
        ))

        let order = try await store.liveResources(runID: run.id, includingKept: false)
        #expect(order.map(\.providerID) == ["out-1", "in-1"])
        #expect(try await store.liveResources(runID: run.id, includingKept: true).map(\.providerID) == ["out-1", "in-2", "in-1"])
        #expect(kept.stopObligation == nil)
        #expect(output.stopObligation?.dueAt == Instant.at(7230))
        #expect(output.resource.parentIDs == #"["in-1"]"#)

        let outputID = try #require(output.resource.id)
        let torn = try await store.markTornDown(resourceID: outputID, at: Instant.at(50))
        #expect(torn.status == .tornDown)
        #expect(try await store.liveResources(runID: run.id, includingKept: false).map(\.providerID) == ["in-1"])
        #expect(try await store.pendingStopObligations().isEmpty)
        _ = input
    }

    @Test(arguments: StoreBackendKind.allCases)
    func recordingTheSameProviderObjectTwiceKeepsOneEntry(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let run = try await store.startTestRun()
        let new = NewResource(runID: run.id, provider: "100ms", kind: "stream", providerID: "s-1", createdAt: Instant.at(1), stopDueAt: Instant.at(90))
        let first = try await store.recordResource(new)
        let second = try await store.recordResource(new)
        #expect(first.isNew)
        #expect(!second.isNew)
        #expect(second.resource == first.resource)
        #expect(second.stopObligation == first.stopObligation)
        #expect(try await store.allLiveResources().count == 1)

        let other = try await store.startTestRun()
        let elsewhere = await #expect(throws: StoreError.self) {
            try await store.recordResource(NewResource(runID: other.id, provider: "100ms", kind: "stream", providerID: "s-1", createdAt: Instant.at(2)))
        }
        #expect(elsewhere?.kind == .conflict)
    }

    @Test(arguments: StoreBackendKind.allCases)
    func teardownFailuresAreCountedOnTheResourceAndItsObligation(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let run = try await store.startTestRun()
        let output = try await store.recordResource(NewResource(runID: run.id, provider: "gjirafa", kind: "restream", providerID: "r-1", createdAt: Instant.at(1), stopDueAt: Instant.at(10)))
        let id = try #require(output.resource.id)
        _ = try await store.recordTeardownFailure(resourceID: id, error: "unavailable")
        let resource = try await store.recordTeardownFailure(resourceID: id, error: "timeout")
        #expect(resource.teardownAttempts == 2)
        #expect(resource.lastError == "timeout")
        let obligation = try #require(try await store.dueStopObligations(at: Instant.at(10)).first)
        #expect(obligation.attempts == 2)
        #expect(obligation.lastError == "timeout")
    }

    @Test(arguments: StoreBackendKind.allCases)
    func aFinishedRunTakesNoNewResources(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let run = try await store.startTestRun()
        _ = try await store.updateRun(id: run.id, status: .succeeded, at: Instant.at(5), error: nil)
        let error = await #expect(throws: StoreError.self) {
            try await store.recordResource(NewResource(runID: run.id, provider: "signalwire", kind: "room", providerID: "r", createdAt: Instant.at(6)))
        }
        #expect(error?.kind == .conflict)
    }
}
