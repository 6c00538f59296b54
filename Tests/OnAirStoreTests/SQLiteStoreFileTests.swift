import Foundation
import OnAirStore
import Testing

/// What only a file can show: the schema on a fresh file, reopening, and surviving a crash.
@Suite struct SQLiteStoreFileTests {
    @Test func migrationsApplyOnAFreshFileInNewFoldersAndOnlyOnce() async throws {
        let path = try TemporaryFolder.make().appendingPathComponent("a/b/onair.sqlite").path
        let store = try SQLiteStore(path: path)
        #expect(try await store.appliedMigrations() == SQLiteStore.knownMigrations)
        let schedule = try await store.addTestSchedule()
        try store.close()

        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.appliedMigrations() == SQLiteStore.knownMigrations)
        #expect(try await reopened.schedule(id: schedule.id) == schedule)
    }

    @Test func aPostgresLocationIsNotOpenedAsAFile() {
        #expect(throws: StoreError.self) { try SQLiteStore(location: .postgres(url: "postgres://db/onair")) }
    }

    @Test func aClosedStoreIsUnavailable() async throws {
        let store = try SQLiteStore(path: TemporaryFolder.make().appendingPathComponent("s.sqlite").path)
        try store.close()
        let error = await #expect(throws: StoreError.self) { try await store.unfinishedRuns() }
        #expect(error?.kind == .unavailable)
    }

    @Test func aFileThatIsNotADatabaseIsCorrupt() throws {
        let path = try TemporaryFolder.make().appendingPathComponent("junk.sqlite").path
        try Data(repeating: 0x5a, count: 8192).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { try SQLiteStore(path: path) }
        #expect(error?.kind == .corrupt)
    }

    /// The engine dies mid-run: a step journaled as intent, an input and an output recorded, the
    /// run never finished. A new process finds all of it.
    @Test func aCrashedRunIsFoundWithItsLiveResourcesAndDueObligations() async throws {
        let path = try TemporaryFolder.make().appendingPathComponent("onair.sqlite").path
        var store: SQLiteStore? = try SQLiteStore(path: path)
        let run = try await store!.startTestRun(endsAt: Instant.at(3600))
        _ = try await store!.beginStep(runID: run.id, name: "live input", idempotencyKey: "k1", at: Instant.at(1))
        _ = try await store!.completeStep(idempotencyKey: "k1", result: #"{"uid":"in"}"#, at: Instant.at(2))
        _ = try await store!.recordResource(NewResource(runID: run.id, stepKey: "k1", provider: "cloudflare", kind: "live_input", providerID: "in", createdAt: Instant.at(2)))
        _ = try await store!.beginStep(runID: run.id, name: "output yt", idempotencyKey: "k2", at: Instant.at(3))
        _ = try await store!.recordResource(NewResource(runID: run.id, stepKey: "k2", provider: "cloudflare", kind: "output", providerID: "out", createdAt: Instant.at(4), stopDueAt: Instant.at(3630)))
        store = nil  // no close(), no finish: the process is gone

        let recovered = try SQLiteStore(path: path)
        let unfinished = try await recovered.unfinishedRuns()
        #expect(unfinished.map(\.id) == [run.id])
        #expect(try await recovered.liveResources(runID: run.id, includingKept: false).map(\.providerID) == ["out", "in"])
        #expect(try await recovered.dueStopObligations(at: Instant.at(3629)).isEmpty)
        #expect(try await recovered.dueStopObligations(at: Instant.at(5000)).count == 1)
        #expect(try await recovered.beginStep(runID: run.id, name: "live input", idempotencyKey: "k1", at: Instant.at(5000)).step.result == #"{"uid":"in"}"#)
        let resumed = try await recovered.beginStep(runID: run.id, name: "output yt", idempotencyKey: "k2", at: Instant.at(5000))
        #expect(resumed == .resumed(resumed.step))
        #expect(resumed.step.attempts == 2)

        _ = try await recovered.updateRun(id: run.id, status: .tearingDown, at: Instant.at(5000), error: nil)
        for resource in try await recovered.liveResources(runID: run.id, includingKept: false) {
            _ = try await recovered.markTornDown(resourceID: try #require(resource.id), at: Instant.at(5001))
        }
        _ = try await recovered.updateRun(id: run.id, status: .tornDown, at: Instant.at(5002), error: "engine lost")
        #expect(try await recovered.unfinishedRuns().isEmpty)
        #expect(try await recovered.pendingStopObligations().isEmpty)
        #expect(try await recovered.allLiveResources().isEmpty)
    }
}
