import Foundation

/// Drives the state machines of many triggers in time: waits on an injected `Clock` until the
/// earliest wake-up any machine asked for, reads the wall clock, and sends `timerFired`.
///
/// Two clocks, because they answer different questions: the injected monotonic clock measures
/// waits (it never jumps), the wall clock says which occurrences are due (occurrences are wall-clock
/// instants). A wait never exceeds `maximumWait`, and due-ness is recomputed from the wall clock on
/// every wake, so a wall-clock step of ±5 min or ±1 h is noticed within `maximumWait` (at once with
/// `wallClockChanged()`): a step forward makes occurrences due, late, and they get their decision
/// (`fired` within `start_within`, else `missed:late`); a step back makes nothing fire again,
/// because each machine's cursor has passed what it decided; nothing fires before its instant,
/// because the wall clock is checked before every `timerFired`. Tests inject a manual clock and
/// step through days in milliseconds.
///
/// Actions go to `perform` (one by one) or `performBatch` (one batch per event, with the snapshot
/// after it) synchronously and in order, tagged with the trigger and the wall-clock time of the
/// decision; neither may block (hand them to a queue or a store writer).
public actor TriggerTimer<C: Clock> where C.Duration == Duration {
    public struct Configuration: Sendable {
        /// The longest single wait; bounds how long an unannounced wall-clock step goes unnoticed.
        public var maximumWait: Duration
        public var machine: TriggerStateMachine.Configuration

        public init(maximumWait: Duration = .seconds(1), machine: TriggerStateMachine.Configuration = .init()) {
            self.maximumWait = maximumWait
            self.machine = machine
        }
    }

    /// One action of one trigger, with the wall-clock time it was decided at.
    public struct Output: Sendable, Hashable {
        public let trigger: String
        public let action: SchedulerAction
        public let decidedAt: Date
    }

    /// Everything one event of one trigger produced: its actions in order (possibly none) and the
    /// machine's snapshot just after it, so a driver can store both in one transaction and the
    /// stored snapshot never runs ahead of the stored decisions.
    public struct Batch: Sendable, Hashable {
        public let trigger: String
        public let actions: [SchedulerAction]
        public let decidedAt: Date
        public let snapshot: TriggerStateMachine.Snapshot
    }

    private let clock: C
    private let configuration: Configuration
    private let wallClock: @Sendable () -> Date
    private let deliver: @Sendable (Batch) -> Void
    private var machines: [String: TriggerStateMachine] = [:]
    private var wakes: [String: Date] = [:]
    private var sleeper: Task<Void, Never>?

    /// - Parameters:
    ///   - clock: what waits are measured on (`ContinuousClock()` in production).
    ///   - wallClock: the current wall-clock time (`Date()` in production).
    ///   - perform: receives every action, in order.
    public init(
        clock: C, configuration: Configuration = .init(), wallClock: @escaping @Sendable () -> Date = { Date() },
        perform: @escaping @Sendable (Output) -> Void
    ) {
        self.init(clock: clock, configuration: configuration, wallClock: wallClock, performBatch: { batch in
            for action in batch.actions { perform(Output(trigger: batch.trigger, action: action, decidedAt: batch.decidedAt)) }
        })
    }

    /// - Parameter performBatch: receives one `Batch` per event of every trigger, in order, also
    ///   for events without actions (their snapshot may still have changed: a run finished).
    public init(
        clock: C, configuration: Configuration = .init(), wallClock: @escaping @Sendable () -> Date = { Date() },
        performBatch: @escaping @Sendable (Batch) -> Void
    ) {
        self.clock = clock
        self.configuration = configuration
        self.wallClock = wallClock
        deliver = performBatch
    }

    // MARK: Triggers and events

    /// Takes charge of a trigger whose occurrences after `cursor` are undecided (a new trigger:
    /// `cursor` is when it was added; a stored one: its last decided instant, so what was missed
    /// while down is caught up by its `catch_up` policy).
    public func add(_ id: String, spec: TriggerSpec, options: TriggerOptions = .init(), cursor: Date) {
        add(id, machine: TriggerStateMachine(spec: spec, options: options, cursor: cursor,
                                             configuration: configuration.machine))
    }

    /// Takes charge of a trigger restored from its snapshot.
    public func add(_ id: String, machine: TriggerStateMachine) {
        machines[id] = machine
        apply(id) { machine, now in machine.recoveredAfterDowntime(now: now) }
    }

    /// Stops driving a trigger (its runs are not touched).
    public func remove(_ id: String) {
        machines[id] = nil
        wakes[id] = nil
    }

    public func runFinished(_ id: String, occurrence: Occurrence) {
        apply(id) { machine, now in machine.runFinished(occurrence, now: now) }
    }

    public func pause(_ id: String, until: Date?) {
        apply(id) { machine, now in machine.paused(until: until, now: now) }
    }

    public func resume(_ id: String) {
        apply(id) { machine, now in machine.resumed(now: now) }
    }

    public func stopDue(_ id: String, occurrence: Occurrence) {
        apply(id) { machine, now in machine.stopDue(occurrence, now: now) }
    }

    /// The wall clock was stepped (e.g. the OS reported it): recompute due-ness now instead of at
    /// the end of the current wait.
    public func wallClockChanged() {
        sleeper?.cancel()
    }

    /// The state of a trigger, for the store.
    public func snapshot(of id: String) -> TriggerStateMachine.Snapshot? { machines[id]?.snapshot }

    /// When a trigger next needs attention.
    public func nextWake(of id: String) -> Date? { wakes[id] }

    // MARK: Running

    /// Waits and fires until the calling task is cancelled. Call once.
    public func run() async {
        while !Task.isCancelled {
            let now = wallClock()
            for (id, _) in wakes.filter({ $0.value <= now }).sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) }) {
                apply(id) { machine, now in machine.timerFired(now: now) }
            }
            var wait = configuration.maximumWait
            if let earliest = wakes.values.min() {
                let remaining = earliest.timeIntervalSince(wallClock())
                if remaining <= 0 { continue }
                wait = min(wait, .milliseconds(Int64((remaining * 1000).rounded(.up))))
            }
            await sleep(for: wait)
        }
    }

    private func sleep(for wait: Duration) async {
        let clock = self.clock
        let deadline = clock.now.advanced(by: wait)
        let task = Task { _ = try? await clock.sleep(until: deadline, tolerance: nil) }
        sleeper = task
        await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
        sleeper = nil
    }

    private func apply(_ id: String, _ event: (inout TriggerStateMachine, Date) -> [SchedulerAction]) {
        guard var machine = machines[id] else { return }
        let now = wallClock()
        let actions = event(&machine, now)
        machines[id] = machine
        for action in actions {
            switch action {
            case .armTimer(let at): wakes[id] = at
            case .disarmTimer: wakes[id] = nil
            default: break
            }
        }
        deliver(Batch(trigger: id, actions: actions, decidedAt: now, snapshot: machine.snapshot))
        sleeper?.cancel()
    }
}
