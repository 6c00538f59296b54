import Foundation
import OnAirStore

/// The backends every store test body runs over. A PostgreSQL case joins this list when that
/// backend exists, and the same bodies must pass on it unchanged.
enum StoreBackendKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqliteInMemory = "sqlite in memory"
    case sqliteFile = "sqlite file"

    func open() throws -> any OnAirStoreBackend {
        switch self {
        case .sqliteInMemory:
            return try SQLiteStore.inMemory()
        case .sqliteFile:
            return try SQLiteStore(path: TemporaryFolder.make().appendingPathComponent("onair.sqlite").path)
        }
    }

    var description: String { rawValue }
}

/// A fresh folder under the system's temporary directory, one per test.
enum TemporaryFolder {
    static func make() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("onair-store-tests")
            .appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Fixed instants, whole seconds, so values read back compare equal.
enum Instant {
    static let base = Date(timeIntervalSince1970: 1_796_000_000)

    static func at(_ seconds: TimeInterval) -> Date { base.addingTimeInterval(seconds) }
}

extension OnAirStoreBackend {
    /// A schedule with plausible JSON, for tests that need one to hang decisions and runs on.
    func addTestSchedule(name: String = "friday-simulcast") async throws -> StoredSchedule {
        try await addSchedule(NewSchedule(
            name: name,
            script: "local show = playbook \"\(name)\" {}",
            triggerSpec: #"{"weekly":"fri 19:00"}"#,
            options: #"{"tz":"Europe/Berlin"}"#,
            createdAt: Instant.base
        ))
    }

    func startTestRun(endsAt: Date? = Instant.at(7200)) async throws -> StoredRun {
        try await startRun(NewRun(playbook: "friday-simulcast", startedAt: Instant.base, endsAt: endsAt))
    }
}
