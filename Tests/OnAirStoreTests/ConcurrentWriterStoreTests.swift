import Foundation
import OnAirStore
import Testing

@Suite struct ConcurrentWriterStoreTests {
    /// Two tasks write to one run's ledger and journal at the same time; every write lands once,
    /// ledger positions stay unique and the teardown order stays strictly newest first.
    @Test(arguments: StoreBackendKind.allCases)
    func twoWritersDoNotCorruptTheLedgerOrTheJournal(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let run = try await store.startTestRun()
        let perWriter = 100
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in ["a", "b"] {
                group.addTask {
                    for index in 0..<perWriter {
                        let key = "\(writer)-\(index)"
                        _ = try await store.beginStep(runID: run.id, name: key, idempotencyKey: key, at: Instant.at(Double(index)))
                        _ = try await store.recordResource(NewResource(
                            runID: run.id, stepKey: key, provider: "signalwire", kind: "stream", providerID: key,
                            createdAt: Instant.at(Double(index)), stopDueAt: Instant.at(1000)
                        ))
                        _ = try await store.completeStep(idempotencyKey: key, result: "{}", at: Instant.at(Double(index)))
                    }
                }
            }
            try await group.waitForAll()
        }
        let ledger = try await store.liveResources(runID: run.id, includingKept: false)
        #expect(ledger.count == 2 * perWriter)
        let positions = ledger.compactMap(\.id)
        #expect(positions == positions.sorted(by: >))
        #expect(Set(positions).count == positions.count)
        #expect(try await store.steps(runID: run.id).allSatisfy { $0.status == .done })
        #expect(try await store.dueStopObligations(at: Instant.at(1000)).count == 2 * perWriter)
    }
}
