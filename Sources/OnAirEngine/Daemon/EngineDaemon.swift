import Foundation
import OnAirLua
import OnAirStore

/// `onair daemon`: fires the store's schedules, runs their playbooks, honours stop obligations,
/// and on start takes over what a previous engine left (resuming runs that can go on, tearing
/// down the others, by `RecoveryRule`).
///
/// Deciding is the trigger state machines' job (driven by `TriggerTimer`). Every event of a
/// machine reaches the store as one transaction (`commitTrigger`): its decisions, a run row owned
/// by this process for each firing, and the machine's snapshot. Runs start only from rows that
/// transaction returned, so a crash at any point leaves either nothing of an event or all of it.
/// Schedules added, paused or cancelled by other processes (`onair schedule ...`) are picked up
/// by polling the store every `pollInterval`.
///
/// Every task the daemon starts belongs to the task group of `run()` or to its job table, and is
/// cancelled and awaited before `run()` returns. A failed durable operation is logged and counted
/// (`durableFailures`), never dropped.
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
    /// The task of each run in progress, by occurrence, to cancel one alone (overlap `replace`, a
    /// cancelled schedule, the end of its grace period).
    private var running: [RunKey: Task<Void, Never>] = [:]
    /// The occurrence each running run belongs to, to tell its machine when it finishes.
    private var occurrences: [RunKey: Occurrence] = [:]
    /// Every task started and not yet ended (runs, recovery teardowns, grace timers).
    private var jobs: [Int: Task<Void, Never>] = [:]
    private var jobCount = 0
    /// Hands each new job to the task group, which awaits it and cancels it with the daemon.
    private var submit: AsyncStream<Task<Void, Never>>.Continuation?

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

    /// How many operations on the durable path have failed (each one was logged with its run or schedule).
    public var durableFailures: Int { failures.count }

    private var failures: DurableFailures { runner.configuration.failures }
    private var failpoint: Failpoint? { runner.configuration.failpoint }
    private var now: Date { runner.configuration.wallClock() }

    /// Runs until the calling task is cancelled; then cancels its runs (which tear down) and waits
    /// for them and every other task it started.
    public func run() async {
        let (batches, batchSink) = AsyncStream.makeStream(of: TriggerTimer<C>.Batch.self)
        let (started, submit) = AsyncStream.makeStream(of: Task<Void, Never>.self)
        self.submit = submit
        let timer = TriggerTimer(clock: clock, configuration: configuration.timer, wallClock: runner.configuration.wallClock) {
            batchSink.yield($0)
        }
        self.timer = timer
        await recover()
        await reconcile()
        await withDiscardingTaskGroup { group in
            group.addTask { await timer.run() }
            group.addTask {
                for await batch in batches { await self.perform(batch) }
            }
            group.addTask { await self.poll() }
            for await job in started {
                group.addTask { await withTaskCancellationHandler { await job.value } onCancel: { job.cancel() } }
            }
        }
        submit.finish()
        batchSink.finish()
        // Jobs started after the group stopped taking them (each removes itself when it ends).
        while let job = jobs.values.first {
            job.cancel()
            await job.value
        }
    }

    private func poll() async {
        while !Task.isCancelled {
            // Thrown only by cancellation: the daemon is stopping and the loop ends.
            try? await clock.sleep(for: configuration.pollInterval)
            if Task.isCancelled { break }
            await reconcile()
            await honourStopObligations()
        }
    }

    /// Starts `work` as a job of the daemon.
    @discardableResult
    private func spawn(_ work: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
        jobCount += 1
        let id = jobCount
        let job = Task {
            await work()
            self.ended(id)
        }
        jobs[id] = job
        submit?.yield(job)
        return job
    }

    private func ended(_ id: Int) {
        jobs[id] = nil
    }

    // MARK: Recovery

    /// Takes over what a previous engine left, by `RecoveryRule`: unfinished runs whose owner is
    /// gone, and `fired` decisions that have no run. Runs whose owner is alive are left alone.
    func recover() async {
        var resumed = 0
        var taken = 0
        if let unfinished = await failures.attempt("read the unfinished runs", { try await store.unfinishedRuns() }) {
            for stored in unfinished {
                if let owner = stored.leaseOwner.flatMap(RunOwner.init), owner.isAlive { continue }
                taken += 1
                if await recover(stored) { resumed += 1 }
            }
        } else {
            report(.problem("cannot read the unfinished runs from the store; none was taken over"))
        }
        if let firings = await failures.attempt("read the firings without a run", {
            try await store.decisionsWithoutRun(decision: OccurrenceDecision.fired.rawValue)
        }) {
            for decision in firings {
                taken += 1
                if await recover(decision) { resumed += 1 }
            }
        } else {
            report(.problem("cannot read the firings without a run from the store; none was recovered"))
        }
        report(.recovered(runs: taken, resumed: resumed))
    }

    /// One unfinished run of a dead owner; true if it goes on.
    private func recover(_ stored: StoredRun) async -> Bool {
        let schedule = await activeSchedule(stored.scheduleID, run: stored.id)
        let facts = RecoveryRule.Facts(
            tearingDown: stored.status == .tearingDown, scheduled: schedule != nil, begun: await hasBegun(stored),
            endsAt: stored.endsAt, startDeadline: schedule.flatMap { startDeadline($0, stored.scheduledAt) })
        let verdict = RecoveryRule.verdict(facts, now: now)
        if verdict == .resume, let schedule, let scheduledAt = stored.scheduledAt,
            let request = request(schedule, scheduledAt: scheduledAt, arguments: stored.arguments, run: stored.id)
        {
            guard let claimed = await runner.takeOver(stored) else { return false }
            launch(RunKey(scheduleID: schedule.id, scheduled: scheduledAt), claimed) { runner, events in
                _ = await runner.resume(claimed, request: request, events: events)
            }
            return true
        }
        let reason: String? = if case .notStarted(let reason) = verdict { reason } else { nil }
        tearDown(stored, reason: reason)
        return false
    }

    /// A `fired` decision without a run (written by an engine that stored them apart); true if its run starts now.
    private func recover(_ decision: StoredDecision) async -> Bool {
        guard let schedule = await activeSchedule(decision.scheduleID, run: nil) else { return false }
        let facts = RecoveryRule.Facts(
            tearingDown: false, scheduled: true, begun: false, endsAt: endsAt(schedule, decision.scheduledAt),
            startDeadline: startDeadline(schedule, decision.scheduledAt))
        let verdict = RecoveryRule.verdict(facts, now: now)
        guard let request = request(schedule, scheduledAt: decision.scheduledAt, arguments: schedule.arguments, run: nil),
            let stored = await failures.attempt("create the run of a recovered firing", schedule: schedule.id, {
                try await store.startRun(newRun(schedule, decision.scheduledAt))
            })
        else { return false }
        guard verdict == .resume else {
            let reason: String? = if case .notStarted(let reason) = verdict { reason } else { nil }
            tearDown(stored, reason: reason)
            return false
        }
        launch(RunKey(scheduleID: schedule.id, scheduled: decision.scheduledAt), stored) { runner, events in
            _ = await runner.resume(stored, request: request, events: events)
        }
        return true
    }

    private func tearDown(_ stored: StoredRun, reason: String?) {
        let runner = self.runner
        let events = events(stored.scheduleID, stored.id)
        spawn { _ = await runner.tearDownAbandoned(stored, reason: reason, events: events) }
    }

    /// Whether the run has done anything durable: a step, a resource, a create in flight. A store
    /// that cannot answer counts as yes, so the run is not restarted from scratch by mistake.
    private func hasBegun(_ stored: StoredRun) async -> Bool {
        let found = await failures.attempt("read what the run has done", run: stored.id, schedule: stored.scheduleID) {
            let steps = try await store.steps(runID: stored.id)
            let resources = try await store.liveResources(runID: stored.id, includingKept: true)
            let intents = try await store.openCreateIntents(runID: stored.id)
            return !steps.isEmpty || !resources.isEmpty || !intents.isEmpty
        }
        return found ?? true
    }

    /// The schedule, when it is not cancelled.
    private func activeSchedule(_ id: String?, run: String?) async -> StoredSchedule? {
        guard let id else { return nil }
        let schedule = await failures.attempt("read the schedule", run: run, schedule: id) { try await store.schedule(id: id) }
        return schedule?.cancelledAt == nil ? schedule : nil
    }

    // MARK: Schedules

    /// Arms new schedules, disarms cancelled ones, follows pauses.
    func reconcile() async {
        guard let schedules = await failures.attempt("read the schedules", { try await store.schedules(includingCancelled: false) }) else {
            return
        }
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
        let saved: StoredTriggerState?
        do {
            saved = try await store.triggerState(scheduleID: schedule.id)
        } catch {
            // Not armed: the next poll tries again, rather than starting from a cursor that would
            // re-decide what the saved state had decided.
            failures.record(error, "read the trigger state", schedule: schedule.id)
            return
        }
        armed[schedule.id] = schedule
        var snapshot: TriggerStateMachine.Snapshot?
        if let saved {
            do {
                snapshot = try JSONDecoder().decode(TriggerStateMachine.Snapshot.self, from: Data(saved.snapshot.utf8))
            } catch {
                // From the schedule's start instead: every occurrence decided since keeps its first
                // decision (the store returns it), so nothing fires twice.
                failures.record(error, "decode the trigger state", schedule: schedule.id)
                report(.problem("schedule \(schedule.id): its saved state cannot be read (\(error)); deciding again from its start"))
            }
        }
        if var snapshot {
            // A run the last engine had going is tracked here when recovery resumed or started it;
            // any other one has ended (finished, or torn down by recovery), as the machine will hear.
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

    /// One event of one trigger: its decisions, runs and snapshot go to the store in one
    /// transaction, then the runs that transaction created start and the other actions happen.
    func perform(_ batch: TriggerTimer<C>.Batch) async {
        let id = batch.trigger
        var decisions: [TriggerCommit.Decision] = []
        var counts: [Int] = []
        /// The decision that carries each fired occurrence's run, by the machine's instant.
        var firing: [Date: Int] = [:]
        for action in batch.actions {
            switch action {
            case .record(let decision, let occurrence):
                decisions.append(TriggerCommit.Decision(scheduledAt: occurrence.scheduled, decision: decision.rawValue))
                counts.append(1)
            case .recordSpan(let span):
                decisions.append(TriggerCommit.Decision(scheduledAt: span.first.scheduled, decision: span.decision.rawValue))
                counts.append(span.count)
            case .startRun(let occurrence):
                // The machine records `fired` just before the start: that decision carries the run.
                if let schedule = armed[id], let index = decisions.lastIndex(where: {
                    $0.scheduledAt == occurrence.scheduled && $0.decision == OccurrenceDecision.fired.rawValue
                }) {
                    decisions[index].run = newRun(schedule, occurrence.scheduled)
                    firing[occurrence.scheduled] = index
                }
            default:
                break
            }
        }
        if !firing.isEmpty { failpoint?.reach(.beforeFireCommit) }
        let committed = await commit(id, batch, decisions) ?? []
        for (index, entry) in committed.enumerated() {
            report(.decided(scheduleID: id, decision: entry.decision.decision, scheduled: decisions[index].scheduledAt, count: counts[index]))
        }
        if committed.contains(where: { $0.run != nil }) { failpoint?.reach(.afterFireCommit) }
        for action in batch.actions {
            switch action {
            case .startRun(let occurrence):
                let created = firing[occurrence.scheduled].flatMap { $0 < committed.count ? committed[$0].run : nil }
                await start(id, occurrence, created)
            case .cancelRun(let occurrence):
                running[RunKey(scheduleID: id, scheduled: occurrence.scheduled)]?.cancel()
            case .stopRun(let occurrence):
                stopAfterGrace(RunKey(scheduleID: id, scheduled: occurrence.scheduled))
            case .record, .recordSpan, .armTimer, .disarmTimer:
                break
            }
        }
    }

    private func commit(_ id: String, _ batch: TriggerTimer<C>.Batch, _ decisions: [TriggerCommit.Decision]) async -> [CommittedDecision]? {
        let committed = await failures.attempt("commit the decisions and state of the trigger", schedule: id) {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let snapshot = String(decoding: try encoder.encode(batch.snapshot), as: UTF8.self)
            return try await store.commitTrigger(TriggerCommit(scheduleID: id, decisions: decisions, decidedAt: batch.decidedAt, snapshot: snapshot))
        }
        if committed == nil, !decisions.isEmpty {
            let what = decisions.map { "\($0.decision) \(Occurrence.utcText($0.scheduledAt))" }.joined(separator: ", ")
            report(.problem("schedule \(id): the store did not take \(what); no run starts for it"))
        }
        return committed
    }

    /// Starts the run the commit created. Without one (the commit failed, or an earlier engine had
    /// decided this occurrence), nothing starts here; the machine hears at once that no run of its
    /// goes on, unless recovery is running this occurrence's run.
    private func start(_ id: String, _ occurrence: Occurrence, _ stored: StoredRun?) async {
        let key = RunKey(scheduleID: id, scheduled: occurrence.scheduled)
        if running[key] != nil {
            occurrences[key] = occurrence
            return
        }
        guard let stored, let schedule = armed[id],
            let request = request(schedule, scheduledAt: occurrence.scheduled, arguments: stored.arguments, run: stored.id)
        else {
            await timer.runFinished(id, occurrence: occurrence)
            return
        }
        occurrences[key] = occurrence
        launch(key, stored) { runner, events in _ = await runner.resume(stored, request: request, events: events) }
    }

    /// Runs `body` as the job of the run for `key`; when it ends, the machine hears of it.
    private func launch(_ key: RunKey, _ stored: StoredRun, _ body: @escaping @Sendable (PlaybookRunner, @escaping @Sendable (RunEvent) -> Void) async -> Void) {
        let (runner, events) = (runner, events(key.scheduleID, stored.id))
        running[key] = spawn {
            await body(runner, events)
            await self.finished(key)
        }
    }

    private func finished(_ key: RunKey) async {
        running[key] = nil
        failpoint?.reach(.afterRunEnd)
        guard let occurrence = occurrences.removeValue(forKey: key), armed[key.scheduleID] != nil else { return }
        await timer.runFinished(key.scheduleID, occurrence: occurrence)
    }

    /// The run's end has come. A playbook that holds for its duration ends by itself; one still
    /// going after the grace period is stopped (and torn down).
    private func stopAfterGrace(_ key: RunKey) {
        guard let task = running[key] else { return }
        let (clock, grace) = (clock, runner.configuration.grace)
        spawn {
            // Thrown only by cancellation: the daemon is stopping, and cancels the run itself.
            try? await clock.sleep(for: grace)
            task.cancel()
        }
    }

    private func events(_ scheduleID: String?, _ runID: String) -> @Sendable (RunEvent) -> Void {
        { [report] event in report(.run(scheduleID: scheduleID, runID: runID, event: event)) }
    }

    // MARK: Stop obligations

    /// Stops every output whose stop obligation is due, whatever its run is doing.
    func honourStopObligations() async {
        guard let due = await failures.attempt("read the due stop obligations", { try await store.dueStopObligations(at: now) }),
            !due.isEmpty
        else { return }
        for obligation in due {
            guard let resource = await failures.attempt("read the resource of a due stop obligation", {
                try await store.resource(id: obligation.resourceID)
            }) else { continue }
            let gone = await Teardown.attempt(
                resource, directory: runner.directory, store: store, failures: failures, now: runner.configuration.wallClock,
                events: { _ in }, attempts: 1)
            report(.stopObligation(resource: "\(resource.provider) \(resource.kind) \(resource.providerID)", done: gone))
        }
    }

    // MARK: Runs and requests

    /// Options that do not read back count as the defaults here: only for recovery's deadlines;
    /// `arm` and `request` report and count them.
    private func options(_ schedule: StoredSchedule) -> TriggerOptions? {
        try? JSONDecoder().decode(TriggerOptions.self, from: Data(schedule.options.utf8))
    }

    private func startDeadline(_ schedule: StoredSchedule, _ scheduledAt: Date?) -> Date? {
        guard let scheduledAt else { return nil }
        let within = options(schedule)?.startWithin ?? TriggerOptions.defaultStartWithin
        return scheduledAt.addingTimeInterval(ScheduleDuration.seconds(within))
    }

    private func endsAt(_ schedule: StoredSchedule, _ scheduledAt: Date) -> Date? {
        options(schedule)?.duration.map { scheduledAt.addingTimeInterval(ScheduleDuration.seconds($0)) }
    }

    /// The row of a firing, owned by this process from the moment it is written.
    private func newRun(_ schedule: StoredSchedule, _ scheduledAt: Date) -> NewRun {
        NewRun(
            scheduleID: schedule.id, scheduledAt: scheduledAt, playbook: schedule.name, arguments: schedule.arguments,
            startedAt: now, endsAt: endsAt(schedule, scheduledAt), owner: RunOwner.current.description)
    }

    /// What the runner needs for a run of `schedule`; nil (reported and counted) when the stored
    /// arguments or options do not read back.
    private func request(_ schedule: StoredSchedule, scheduledAt: Date, arguments: String, run: String?) -> PlaybookRunner.Request? {
        do {
            let value = try JSONCodec.decode(Array(arguments.utf8))
            let options = try JSONDecoder().decode(TriggerOptions.self, from: Data(schedule.options.utf8))
            return PlaybookRunner.Request(
                script: LuaScript(name: "\(schedule.name)@\(schedule.id.prefix(8)).lua", source: schedule.script),
                playbook: schedule.name, arguments: value, scheduleID: schedule.id, scheduledAt: scheduledAt,
                duration: options.duration)
        } catch {
            failures.record(error, "read the run's arguments and options", run: run, schedule: schedule.id)
            report(.problem("schedule \(schedule.id): the run for \(Occurrence.utcText(scheduledAt)) cannot start: \(error)"))
            return nil
        }
    }
}
