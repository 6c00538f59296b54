import Foundation
import OnAirLua
import OnAirProviders
import OnAirStore

/// Runs playbooks against a store: a new run (`onair run`, a trigger that fired) or one that an
/// engine left unfinished, and guarantees that whatever the run created is torn down when it
/// ends, whichever way it ends.
public struct PlaybookRunner: Sendable {
    public struct Configuration: Sendable {
        /// Limits, output, logging of the Lua host; the runner adds the bindings.
        public var host: LuaHostConfiguration
        /// How long after its end a run's outputs must be stopped at the latest.
        public var grace: Duration
        /// The end assumed for a run without a `duration`, for its stop obligations.
        public var longestRun: Duration
        public var wallClock: @Sendable () -> Date
        public var failpoint: Failpoint?

        public init(
            host: LuaHostConfiguration, grace: Duration = .seconds(60), longestRun: Duration = .seconds(12 * 3600),
            wallClock: @escaping @Sendable () -> Date = Date.init, failpoint: Failpoint? = nil
        ) {
            self.host = host
            self.grace = grace
            self.longestRun = longestRun
            self.wallClock = wallClock
            self.failpoint = failpoint
        }
    }

    /// How a run ended.
    public struct Outcome: Sendable {
        public var run: StoredRun
        /// The script's error (nil when it succeeded).
        public var error: LuaError?
        /// Whether everything the run created (and did not keep) is gone.
        public var tornDown: Bool
        /// The process exit code of `architecture.md`.
        public var exitCode: Int32 {
            guard let error else { return tornDown ? 0 : 1 }
            return LuaRunResult(values: [], error: error, cpuTime: .zero, peakMemory: 0).exitCode
        }
    }

    /// What to run.
    public struct Request: Sendable {
        public var script: LuaScript
        public var playbook: String
        public var arguments: LuaValue
        public var scheduleID: String?
        public var scheduledAt: Date?
        /// How long the run lasts (its end is start + duration), when known.
        public var duration: Duration?

        public init(script: LuaScript, playbook: String, arguments: LuaValue, scheduleID: String? = nil, scheduledAt: Date? = nil, duration: Duration? = nil) {
            self.script = script
            self.playbook = playbook
            self.arguments = arguments
            self.scheduleID = scheduleID
            self.scheduledAt = scheduledAt
            self.duration = duration
        }
    }

    public let configuration: Configuration
    public let directory: ProviderDirectory
    public let store: any OnAirStoreBackend

    public init(configuration: Configuration, directory: ProviderDirectory, store: any OnAirStoreBackend) {
        self.configuration = configuration
        self.directory = directory
        self.store = store
    }

    /// Starts a new run and runs it to its end, teardown included.
    public func run(_ request: Request, events: @escaping @Sendable (RunEvent) -> Void = { _ in }) async throws -> Outcome {
        let now = configuration.wallClock()
        let start = request.scheduledAt ?? now
        let endsAt = request.duration.map { start.addingTimeInterval(LuaDuration.seconds($0)) }
        let arguments = String(decoding: (try? ValueBridge.json(request.arguments, path: "args").encoded()) ?? Array("{}".utf8), as: UTF8.self)
        let stored = try await store.startRun(NewRun(
            scheduleID: request.scheduleID, scheduledAt: request.scheduledAt, playbook: request.playbook,
            arguments: arguments, startedAt: now, endsAt: endsAt))
        return await execute(stored, request: request, events: events)
    }

    /// Runs an unfinished run again from its journal: finished steps return what they returned,
    /// an interrupted step runs again with the same keys, a hold waits only what is left.
    public func resume(_ stored: StoredRun, request: Request, events: @escaping @Sendable (RunEvent) -> Void = { _ in }) async -> Outcome {
        await execute(stored, request: request, events: events)
    }

    /// Tears down what a run left and closes it as `tornDown` (recovery of a run that cannot be
    /// resumed: its end has passed, or it was started by a process that is gone).
    public func tearDownAbandoned(_ stored: StoredRun, events: @escaping @Sendable (RunEvent) -> Void = { _ in }) async -> Outcome {
        _ = try? await store.claimRun(id: stored.id, owner: RunOwner.current.description, until: nil)
        let (final, swept) = await finish(stored, status: .tornDown, error: stored.error, events: events)
        return Outcome(run: final, error: nil, tornDown: swept)
    }

    private func execute(_ stored: StoredRun, request: Request, events: @escaping @Sendable (RunEvent) -> Void) async -> Outcome {
        _ = try? await store.claimRun(id: stored.id, owner: RunOwner.current.description, until: nil)
        let stopDueAt = (stored.endsAt ?? stored.startedAt.addingTimeInterval(LuaDuration.seconds(configuration.longestRun)))
            .addingTimeInterval(LuaDuration.seconds(configuration.grace))
        let run = PlaybookRun(
            id: stored.id, store: store, startedAt: stored.startedAt, stopDueAt: stopDueAt, wallClock: configuration.wallClock,
            failpoint: configuration.failpoint, events: events)
        events(.started(runID: stored.id, playbook: stored.playbook, endsAt: stored.endsAt))
        var host = configuration.host
        let recording = directory.recording(into: run)
        host.modules += OnAirEngine(directory: recording).modules
        host.modules += PlaybookDeclarations.modules(collector: DeclarationCollector(), now: configuration.wallClock)
        host.modules.append(PlaybookRunModule.module(run: run, directory: directory, playbook: request.playbook, log: host.log))
        var script = request.script
        script.driver = PlaybookDriver.source
        let result = await LuaHost(configuration: host).run(script, arguments: request.arguments)

        let status: StoredRun.Status = switch result.error?.kind {
        case nil: .succeeded
        case .cancelled?: .cancelled
        default: .failed
        }
        let (final, swept) = await finish(stored, status: status, error: result.error?.message, events: events)
        return Outcome(run: final, error: result.error, tornDown: swept)
    }

    /// Marks the run as tearing down, sweeps its ledger, and closes it with `status`. Runs
    /// outside the caller's cancellation: Ctrl-C has stopped the script, and teardown and its
    /// bookkeeping must still happen (until the ledger is empty or the process ends).
    private func finish(
        _ stored: StoredRun, status: StoredRun.Status, error: String?, events: @escaping @Sendable (RunEvent) -> Void
    ) async -> (StoredRun, Bool) {
        let (directory, store, wallClock) = (directory, store, configuration.wallClock)
        return await Task {
            if stored.status == .running || status != .tornDown {
                _ = try? await store.updateRun(id: stored.id, status: .tearingDown, at: wallClock(), error: error)
            }
            if let live = try? await store.liveResources(runID: stored.id, includingKept: false), !live.isEmpty {
                events(.tearingDown(count: live.count))
            }
            let swept = await Teardown.sweep(runID: stored.id, directory: directory, store: store, now: wallClock, events: events)
            let final = (try? await store.updateRun(id: stored.id, status: status, at: wallClock(), error: error)) ?? stored
            events(.finished(status: final.status.rawValue))
            return (final, swept)
        }.value
    }
}
