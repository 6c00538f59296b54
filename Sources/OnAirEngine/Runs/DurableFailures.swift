import Foundation
import Logging
import OnAirStore
import Synchronization

/// Where a failed write (or read) on the durable path goes: one log line naming the run or the
/// schedule, the operation and the store's error kind, and a count.
///
/// The durable path is what recovery relies on (decisions, runs, journal, ledger, teardown
/// bookkeeping). A failure there is never dropped silently: the engine carries on where it safely
/// can (teardown retries, the next poll reads again), and the count is what a supervisor or a test
/// watches (`EngineDaemon.durableFailures`).
public final class DurableFailures: Sendable {
    let logger: Logger
    private let total = Atomic<Int>(0)

    public init(logger: Logger = Logger(label: "onair.durability")) {
        self.logger = logger
    }

    /// How many durable operations have failed since this object was made.
    public var count: Int { total.load(ordering: .relaxed) }

    /// Logs and counts a failure of `operation`, with the run and schedule it concerns.
    public func record(_ error: any Error, _ operation: String, run: String? = nil, schedule: String? = nil) {
        total.add(1, ordering: .relaxed)
        var metadata: Logger.Metadata = ["operation": "\(operation)"]
        if let run { metadata["run_id"] = "\(run)" }
        if let schedule { metadata["schedule_id"] = "\(schedule)" }
        if let error = error as? StoreError { metadata["store_error"] = "\(error.kind.rawValue)" }
        logger.error("durable operation failed: \(operation): \(error)", metadata: metadata)
    }

    /// Runs `body`; a failure is recorded and comes back as nil.
    public func attempt<T: Sendable>(
        _ operation: String, run: String? = nil, schedule: String? = nil, isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> T
    ) async -> T? {
        do {
            return try await body()
        } catch {
            record(error, operation, run: run, schedule: schedule)
            return nil
        }
    }
}
