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
        /// Where failed durable writes are logged and counted.
        public var failures: DurableFailures

        public init(
            host: LuaHostConfiguration, grace: Duration = .seconds(60), longestRun: Duration = .seconds(12 * 3600),
            wallClock: @escaping @Sendable () -> Date = Date.init, failpoint: Failpoint? = nil,
            failures: DurableFailures = DurableFailures()
        ) {
            self.host = host
            self.grace = grace
            self.longestRun = longestRun
            self.wallClock = wallClock
            self.failpoint = failpoint
            self.failures = failures
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
            return error.exitCode
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

    /// Starts a new run (its row carries this process as owner) and runs it to its end, teardown included.
    public func run(_ request: Request, events: @escaping @Sendable (RunEvent) -> Void = { _ in }) async throws -> Outcome {
        let stored = try await store.startRun(newRun(request, playbook: request.playbook, arguments: request.arguments, duration: request.duration))
        return await execute(stored, request: request, events: events)
    }

    /// Runs a stored, unfinished run owned by this process (a firing the daemon committed, or a
    /// run it took over with `takeOver`) from its journal: finished steps return what they
    /// returned, an interrupted step runs again with the same keys, a hold waits only what is left.
    public func resume(_ stored: StoredRun, request: Request, events: @escaping @Sendable (RunEvent) -> Void = { _ in }) async -> Outcome {
        await execute(stored, request: request, events: events)
    }

    /// Makes this process the owner of a run whose owner is gone, unless another engine claimed it
    /// since `stored` was read (then nil: that engine has it). A failure is logged and counted.
    public func takeOver(_ stored: StoredRun) async -> StoredRun? {
        let claimed = await configuration.failures.attempt("take over the run", run: stored.id, schedule: stored.scheduleID) {
            try await store.takeOverRun(id: stored.id, owner: RunOwner.current.description, fencingToken: stored.fencingToken)
        }
        if claimed != nil { configuration.failpoint?.reach(.afterRunClaim) }
        return claimed
    }

    /// Tears down what a run left and closes it as `tornDown` (recovery of a run that cannot be
    /// resumed: its end has passed, or it was started by a process that is gone). A run owned by
    /// another process is taken over first; if another engine claimed it meanwhile, it is left to
    /// that engine and returned as it is. `reason` becomes the run's error (why it did not run).
    public func tearDownAbandoned(
        _ stored: StoredRun, reason: String? = nil, events: @escaping @Sendable (RunEvent) -> Void = { _ in }
    ) async -> Outcome {
        var stored = stored
        if stored.leaseOwner != RunOwner.current.description {
            guard let claimed = await takeOver(stored) else { return Outcome(run: stored, error: nil, tornDown: false) }
            stored = claimed
        }
        let (final, swept) = await finish(stored, status: .tornDown, error: reason ?? stored.error, events: events)
        return Outcome(run: final, error: nil, tornDown: swept)
    }

    /// What `onair run FILE` got: a plain script's result, or a playbook's run.
    public enum FileOutcome: Sendable {
        case script(LuaRunResult)
        case playbook(Outcome)
    }

    /// `onair run FILE`: runs the file once. If its top level declares a playbook, the playbook
    /// (`playbook`, or the first) runs as a new durable run with the arguments of its first
    /// schedule overridden by `arguments`; otherwise the file was a plain script and is done.
    public func runFile(
        _ script: LuaScript, playbook wanted: String?, arguments given: LuaTable, events: @escaping @Sendable (RunEvent) -> Void = { _ in }
    ) async -> FileOutcome {
        let run = PlaybookRun(
            store: store, wallClock: configuration.wallClock, failpoint: configuration.failpoint, failures: configuration.failures, events: events)
        let collector = DeclarationCollector()
        let (store, wallClock) = (store, configuration.wallClock)
        let runner = self
        let start: PlaybookRunModule.Starter = { name in
            let declared = PlaybookFile(playbooks: [], schedules: collector.declarations)
            let arguments = declared.arguments(for: name, overriding: given)
            let duration = try Self.duration(arguments["duration"], declared.schedules.first { $0.playbook == name }?.options.duration)
            // The row and its owner in one write: no moment in which a daemon could take this run
            // for one a dead process left.
            let stored = try await store.startRun(runner.newRun(nil, playbook: name, arguments: .table(arguments), duration: duration, now: wallClock()))
            runner.configuration.failpoint?.reach(.afterRunRow)
            runner.begin(run, stored, events: events)
            return .table(arguments)
        }
        let result = await host(run, collector: collector, playbook: wanted, plainAllowed: true, start: start).run(script, arguments: .table(given))
        guard let stored = run.stored else { return .script(result) }
        return .playbook(await close(stored, result: result, events: events))
    }

    private func execute(_ stored: StoredRun, request: Request, events: @escaping @Sendable (RunEvent) -> Void) async -> Outcome {
        let run = PlaybookRun(
            store: store, wallClock: configuration.wallClock, failpoint: configuration.failpoint, failures: configuration.failures, events: events)
        begin(run, stored, events: events)
        let arguments = request.arguments
        let result = await host(run, collector: DeclarationCollector(), playbook: request.playbook, plainAllowed: false, start: { _ in arguments })
            .run(request.script, arguments: arguments)
        return await close(stored, result: result, events: events)
    }

    /// The run is in the store, owned by this process since its row was written (or taken over):
    /// fix its stop deadline.
    private func begin(_ run: PlaybookRun, _ stored: StoredRun, events: @Sendable (RunEvent) -> Void) {
        let stopDueAt = (stored.endsAt ?? stored.startedAt.addingTimeInterval(LuaDuration.seconds(configuration.longestRun)))
            .addingTimeInterval(LuaDuration.seconds(configuration.grace))
        run.started(stored, stopDueAt: stopDueAt)
        events(.started(runID: stored.id, playbook: stored.playbook, endsAt: stored.endsAt))
    }

    /// A host whose bindings report to `run`'s ledger, with the playbook driver.
    private func host(
        _ run: PlaybookRun, collector: DeclarationCollector, playbook: String?, plainAllowed: Bool, start: @escaping PlaybookRunModule.Starter
    ) -> ScriptHost {
        var host = configuration.host
        host.modules += OnAirEngine(directory: directory.recording(into: run)).modules
        host.modules += PlaybookDeclarations.modules(collector: collector, now: configuration.wallClock)
        host.modules.append(PlaybookRunModule.module(
            run: run, directory: directory, playbook: playbook, plainAllowed: plainAllowed, declarations: collector, start: start,
            log: host.log))
        return ScriptHost(host: LuaHost(configuration: host))
    }

    private func close(_ stored: StoredRun, result: LuaRunResult, events: @escaping @Sendable (RunEvent) -> Void) async -> Outcome {
        let status: StoredRun.Status = switch result.error?.kind {
        case nil: .succeeded
        case .cancelled?: .cancelled
        default: .failed
        }
        let (final, swept) = await finish(stored, status: status, error: result.error?.message, events: events)
        return Outcome(run: final, error: result.error, tornDown: swept)
    }

    func newRun(_ request: Request?, playbook: String, arguments: LuaValue, duration: Duration?, now: Date? = nil) -> NewRun {
        let now = now ?? configuration.wallClock()
        let start = request?.scheduledAt ?? now
        // Arguments that do not encode as JSON are stored as `{}` rather than refusing the run: the
        // stored copy is for `onair runs` and a resume, and `args` reach this process's script
        // from memory.
        let encoded = String(decoding: (try? ValueBridge.json(arguments, path: "args").encoded()) ?? Array("{}".utf8), as: UTF8.self)
        return NewRun(
            scheduleID: request?.scheduleID, scheduledAt: request?.scheduledAt, playbook: playbook, arguments: encoded,
            startedAt: now, endsAt: duration.map { start.addingTimeInterval(LuaDuration.seconds($0)) }, owner: RunOwner.current.description)
    }

    /// A run's length: `duration` among its arguments (`"2h"`, or seconds), else its schedule's.
    public static func duration(_ value: LuaValue?, _ fallback: Duration?) throws -> Duration? {
        switch value {
        case .string(let text)?:
            if let seconds = Double(text.description) { return .milliseconds(Int64(seconds * 1000)) }
            do {
                return try ScheduleDuration.parse(text.description, what: "duration")
            } catch {
                throw LuaError(.usage, "args.duration: \(error)")
            }
        case .integer(let seconds)?: return .seconds(seconds)
        case .number(let seconds)?: return .milliseconds(Int64(seconds * 1000))
        default: return fallback
        }
    }

    /// Marks the run as tearing down, sweeps its ledger, and closes it with `status`. Runs
    /// outside the caller's cancellation: Ctrl-C has stopped the script, and teardown and its
    /// bookkeeping must still happen (until the ledger is empty or the process ends).
    private func finish(
        _ stored: StoredRun, status: StoredRun.Status, error: String?, events: @escaping @Sendable (RunEvent) -> Void
    ) async -> (StoredRun, Bool) {
        let (directory, store, wallClock, failures) = (directory, store, configuration.wallClock, configuration.failures)
        let (id, schedule) = (stored.id, stored.scheduleID)
        // Awaited at once: a task of its own only so that the caller's cancellation does not reach it.
        return await Task {
            if stored.status == .running || status != .tornDown {
                _ = await failures.attempt("mark the run tearing down", run: id, schedule: schedule) {
                    try await store.updateRun(id: id, status: .tearingDown, at: wallClock(), error: error)
                }
            }
            await Teardown.recoverIntents(runID: id, directory: directory, store: store, failures: failures, now: wallClock, events: events)
            if let live = await failures.attempt("list the run's live resources", run: id, schedule: schedule, {
                try await store.liveResources(runID: id, includingKept: false)
            }), !live.isEmpty {
                events(.tearingDown(count: live.count))
            }
            let swept = await Teardown.sweep(runID: id, directory: directory, store: store, failures: failures, now: wallClock, events: events)
            let final = await failures.attempt("close the run as \(status.rawValue)", run: id, schedule: schedule) {
                try await store.updateRun(id: id, status: status, at: wallClock(), error: error)
            } ?? stored
            events(.finished(status: final.status.rawValue))
            return (final, swept)
        }.value
    }
}

/// A Lua host with the playbook driver: what runs a playbook file.
struct ScriptHost {
    let host: LuaHost

    func run(_ script: LuaScript, arguments: LuaValue) async -> LuaRunResult {
        var driven = script
        driven.driver = PlaybookDriver.source
        return await host.run(driven, arguments: arguments)
    }
}
