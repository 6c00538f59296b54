import Foundation
import OnAirLua
import OnAirStore
import Synchronization

/// `onair daemon`: fires the store's schedules, runs their playbooks, honours stop obligations,
/// and on start takes over what a previous engine left (resuming runs that can go on, tearing
/// down the others).
///
/// Deciding is the trigger state machines' job (driven by `TriggerTimer`); the daemon performs
/// their actions against the store and the runner, in order, and saves each machine's snapshot
/// after every action, so a restart continues where the last engine stopped. Schedules added,
/// paused or cancelled by other processes (`onair schedule ...`) are picked up by polling the
/// store every `pollInterval`.
public actor EngineDaemon<C: Clock> where C.Duration == Duration {
    public struct Configuration: Sendable {
        /// How often the store is read for schedule changes and due stop obligations.
        public var pollInterval: Duration
        public var timer: TriggerTimer<C>.Configuration

        public init(pollInterval: Duration = .milliseconds(500), timer: TriggerTimer<C>.Configuration = .init()) {
            self.pollInterval = pollInterval
            self.timer = timer
        }
    }

    /// What the daemon reports, for its log.
    public enum Report: Sendable {
        case recovered(runs: Int, resumed: Int)
        case armed(scheduleID: String, playbook: String, next: Date?)
        case removed(scheduleID: String)
        case decided(scheduleID: String, decision: String, scheduled: Date, count: Int)
        case run(scheduleID: String?, runID: String, event: RunEvent)
        case stopObligation(resource: String, done: Bool)
        case problem(String)
    }

    let store: any OnAirStoreBackend
    let runner: PlaybookRunner
    let clock: C
    let configuration: Configuration
    let report: @Sendable (Report) -> Void
    private var timer: TriggerTimer<C>!
    private var armed: [String: StoredSchedule] = [:]
    private var running: [RunKey: Task<Void, Never>] = [:]
    /// The occurrence each running run belongs to, to tell its machine when it finishes.
    private var occurrences: [RunKey: Occurrence] = [:]
    /// Occurrences whose stored decision was not `fired` (decided by an earlier engine): no run.
    private var suppressed: Set<RunKey> = []

    struct RunKey: Hashable {
        var scheduleID: String
        var scheduled: Date
    }

    public init(
        store: any OnAirStoreBackend, runner: PlaybookRunner, clock: C, configuration: Configuration = .init(),
        report: @escaping @Sendable (Report) -> Void
    ) {
        self.store = store
        self.runner = runner
        self.clock = clock
        self.configuration = configuration
        self.report = report
    }

    private var now: Date { runner.configuration.wallClock() }

    /// Runs until the calling task is cancelled; then cancels its runs (which tear down) and waits for them.
    public func run() async {
        let (outputs, continuation) = AsyncStream.makeStream(of: TriggerTimer<C>.Output.self)
        timer = TriggerTimer(clock: clock, configuration: configuration.timer, wallClock: runner.configuration.wallClock) {
            continuation.yield($0)
        }
        await recover()
        await reconcile()
        let timer = self.timer!
        let ticking = Task { await timer.run() }
        let performing = Task {
            for await output in outputs { await self.perform(output) }
        }
        while !Task.isCancelled {
            try? await clock.sleep(for: configuration.pollInterval)
            if Task.isCancelled { break }
            await reconcile()
            await honourStopObligations()
        }
        ticking.cancel()
        continuation.finish()
        performing.cancel()
        for task in running.values { task.cancel() }
        for task in running.values { await task.value }
    }

    // MARK: Recovery

    /// Takes over the runs a previous engine left: a scheduled run whose end is still ahead goes
    /// on from its journal; any other is torn down. Runs whose owner is alive are left alone.
    func recover() async {
        guard let unfinished = try? await store.unfinishedRuns() else {
            report(.problem("cannot read unfinished runs from the store"))
            return
        }
        var resumed = 0
        var taken = 0
        for stored in unfinished {
            if let owner = stored.leaseOwner.flatMap(RunOwner.init), owner.isAlive { continue }
            taken += 1
            let scheduleID = stored.scheduleID
            let events: @Sendable (RunEvent) -> Void = { [report] event in report(.run(scheduleID: scheduleID, runID: stored.id, event: event)) }
            if stored.status == .running, let scheduleID, let scheduledAt = stored.scheduledAt,
                (stored.endsAt ?? .distantFuture) > now,
                let schedule = try? await store.schedule(id: scheduleID), schedule.cancelledAt == nil
            {
                resumed += 1
                let key = RunKey(scheduleID: scheduleID, scheduled: scheduledAt)
                let request = Self.request(schedule, scheduledAt: scheduledAt, arguments: stored.arguments)
                let runner = self.runner
                running[key] = Task {
                    _ = await runner.resume(stored, request: request, events: events)
                    await self.finished(key)
                }
            } else {
                let runner = self.runner
                Task { _ = await runner.tearDownAbandoned(stored, events: events) }
            }
        }
        report(.recovered(runs: taken, resumed: resumed))
    }

    // MARK: Schedules

    /// Arms new schedules, disarms cancelled ones, follows pauses.
    func reconcile() async {
        guard let schedules = try? await store.schedules(includingCancelled: false) else { return }
        let current = Set(schedules.map(\.id))
        for (id, _) in armed where !current.contains(id) {
            armed[id] = nil
            await timer.remove(id)
            for (key, task) in running where key.scheduleID == id { task.cancel() }
            report(.removed(scheduleID: id))
        }
        for schedule in schedules {
            if let known = armed[schedule.id] {
                if known.pausedUntil != schedule.pausedUntil {
                    if let until = schedule.pausedUntil {
                        await timer.pause(schedule.id, until: until == .distantFuture ? nil : until)
                    } else {
                        await timer.resume(schedule.id)
                    }
                    armed[schedule.id] = schedule
                }
                continue
            }
            await arm(schedule)
        }
    }

    private func arm(_ schedule: StoredSchedule) async {
        let spec: TriggerSpec
        let options: TriggerOptions
        do {
            spec = try ScheduleRecords.spec(of: schedule)
            options = try JSONDecoder().decode(TriggerOptions.self, from: Data(schedule.options.utf8))
        } catch {
            report(.problem("schedule \(schedule.id) cannot be read: \(error)"))
            armed[schedule.id] = schedule
            return
        }
        armed[schedule.id] = schedule
        var snapshot: TriggerStateMachine.Snapshot?
        if let saved = try? await store.triggerState(scheduleID: schedule.id) {
            snapshot = try? JSONDecoder().decode(TriggerStateMachine.Snapshot.self, from: Data(saved.snapshot.utf8))
        }
        if var snapshot {
            // Runs the last engine had going are either resumed here (and tracked) or torn down.
            snapshot.activeRuns.removeAll { running[RunKey(scheduleID: schedule.id, scheduled: $0.occurrence.scheduled)] == nil }
            for active in snapshot.activeRuns {
                occurrences[RunKey(scheduleID: schedule.id, scheduled: active.occurrence.scheduled)] = active.occurrence
            }
            await timer.add(schedule.id, machine: TriggerStateMachine(spec: spec, options: options, snapshot: snapshot, configuration: configuration.timer.machine))
        } else {
            await timer.add(schedule.id, spec: spec, options: options, cursor: schedule.createdAt)
        }
        if let until = schedule.pausedUntil { await timer.pause(schedule.id, until: until == .distantFuture ? nil : until) }
        report(.armed(scheduleID: schedule.id, playbook: schedule.name, next: await timer.nextWake(of: schedule.id)))
    }

    // MARK: Actions

    func perform(_ output: TriggerTimer<C>.Output) async {
        let id = output.trigger
        switch output.action {
        case .record(let decision, let occurrence):
            await record(id, decision.rawValue, occurrence.scheduled, decidedAt: output.decidedAt, count: 1)
        case .recordSpan(let span):
            await record(id, span.decision.rawValue, span.first.scheduled, decidedAt: output.decidedAt, count: span.count)
        case .startRun(let occurrence):
            start(id, occurrence)
        case .cancelRun(let occurrence):
            running[RunKey(scheduleID: id, scheduled: occurrence.scheduled)]?.cancel()
        case .stopRun(let occurrence):
            // The run's end has come. A playbook that holds for its duration ends by itself; one
            // still going after the grace period is stopped (and torn down).
            let key = RunKey(scheduleID: id, scheduled: occurrence.scheduled)
            if let task = running[key] {
                let grace = runner.configuration.grace
                let clock = self.clock
                Task {
                    try? await clock.sleep(for: grace)
                    task.cancel()
                }
            }
        case .armTimer, .disarmTimer:
            break
        }
        await saveState(id)
    }

    private func record(_ id: String, _ decision: String, _ scheduled: Date, decidedAt: Date, count: Int) async {
        do {
            let stored = try await store.recordDecision(scheduleID: id, scheduledAt: scheduled, decision: decision, decidedAt: decidedAt)
            if stored.decision != decision, decision == "fired" {
                suppressed.insert(RunKey(scheduleID: id, scheduled: scheduled))
            }
            report(.decided(scheduleID: id, decision: stored.decision, scheduled: scheduled, count: count))
        } catch {
            report(.problem("cannot record the decision for \(id) at \(scheduled): \(error)"))
        }
    }

    private func start(_ id: String, _ occurrence: Occurrence) {
        let key = RunKey(scheduleID: id, scheduled: occurrence.scheduled)
        guard let schedule = armed[id], !suppressed.contains(key), running[key] == nil else {
            Task { await timer.runFinished(id, occurrence: occurrence) }
            return
        }
        let request = Self.request(schedule, scheduledAt: occurrence.scheduled, arguments: schedule.arguments)
        let runner = self.runner
        let report = self.report
        occurrences[key] = occurrence
        let label = RunLabel()
        running[key] = Task {
            do {
                _ = try await runner.run(request) { event in
                    if case .started(let runID, _, _) = event { label.set(runID) }
                    report(.run(scheduleID: id, runID: label.get(), event: event))
                }
            } catch {
                report(.problem("schedule \(id): the run for \(Occurrence.utcText(occurrence.scheduled)) did not start: \(error)"))
            }
            await self.finished(key)
        }
    }

    private func finished(_ key: RunKey) async {
        running[key] = nil
        guard let occurrence = occurrences.removeValue(forKey: key), armed[key.scheduleID] != nil else { return }
        await timer.runFinished(key.scheduleID, occurrence: occurrence)
        await saveState(key.scheduleID)
    }

    private func saveState(_ id: String) async {
        guard let snapshot = await timer.snapshot(of: id) else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(snapshot) else { return }
        try? await store.saveTriggerState(scheduleID: id, snapshot: String(decoding: data, as: UTF8.self), at: now)
    }

    // MARK: Stop obligations

    /// Stops every output whose stop obligation is due, whatever its run is doing.
    func honourStopObligations() async {
        guard let due = try? await store.dueStopObligations(at: now), !due.isEmpty else { return }
        for obligation in due {
            guard let resource = try? await store.resource(id: obligation.resourceID) else { continue }
            let gone = await Teardown.attempt(
                resource, directory: runner.directory, store: store, now: runner.configuration.wallClock, events: { _ in }, attempts: 1)
            report(.stopObligation(resource: "\(resource.provider) \(resource.kind) \(resource.providerID)", done: gone))
        }
    }

    // MARK: Requests

    static func request(_ schedule: StoredSchedule, scheduledAt: Date, arguments: String) -> PlaybookRunner.Request {
        let value = (try? JSONCodec.decode(Array(arguments.utf8))) ?? .table(LuaTable())
        let options = try? JSONDecoder().decode(TriggerOptions.self, from: Data(schedule.options.utf8))
        return PlaybookRunner.Request(
            script: LuaScript(name: "\(schedule.name)@\(schedule.id.prefix(8)).lua", source: schedule.script),
            playbook: schedule.name, arguments: value, scheduleID: schedule.id, scheduledAt: scheduledAt,
            duration: options?.duration)
    }
}

/// The id of a run, known once the run has started, for the lines reported about it.
private final class RunLabel: Sendable {
    private let value = Mutex("?")
    func set(_ id: String) { value.withLock { $0 = id } }
    func get() -> String { value.withLock { $0 } }
}
