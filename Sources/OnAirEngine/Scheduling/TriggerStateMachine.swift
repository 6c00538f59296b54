import Foundation

/// The decisions of one trigger, as a pure state machine: no clock, no store, no Lua.
///
/// Time comes in with every event (`now`, the wall clock as the driver read it). Each event first
/// decides everything that fell due up to `now` — occurrences, stop obligations, queued starts that
/// ran out of time — in scheduled order, then applies itself, and returns the actions to perform.
/// Every occurrence gets exactly one decision (`fired`, `skipped:overlap`, `skipped:paused`,
/// `missed:late`), recorded before any run it starts; stop obligations are never skipped.
///
/// The rules, from design/scheduling.md:
/// - A start later than `start_within` after its scheduled instant is `missed:late` and not run.
/// - When several occurrences are due at once, `catch_up` chooses which may still start: after
///   downtime (`recoveredAfterDowntime`) `latest` keeps the newest, `all` keeps up to
///   `catchUpLimit`, `none` keeps nothing; when the engine merely stalled (a suspended process, a
///   wall-clock step) the newest always stays, since it is the current occurrence, and `all` keeps
///   the others too. The rest are `missed:late`, recorded as one span — so after 30 days down a
///   1-minute trigger records one span and starts at most one run.
/// - An occurrence scheduled while the trigger is paused is `skipped:paused`; pausing drops the
///   overlap queue (`skipped:paused`) but never holds back a stop.
/// - `overlap`: `skip`, `queue` (start when the running one ends, still within `start_within`),
///   `replace` (cancel the running one, then fire), `allow`. A run whose stop or cancel has been
///   asked for no longer counts as running.
public struct TriggerStateMachine: Sendable {
    public struct Configuration: Sendable, Hashable {
        /// With `catch_up = all`, at most this many missed occurrences still start; older ones are
        /// `missed:late`. Bounds the stampede after a long outage with a long `start_within`.
        public var catchUpLimit: Int

        public init(catchUpLimit: Int = 10) {
            self.catchUpLimit = catchUpLimit
        }
    }

    /// A run the machine started and has not yet heard finish.
    public struct ActiveRun: Sendable, Hashable, Codable {
        public var occurrence: Occurrence
        /// When its stop obligation falls due (`scheduled + duration`); nil without a duration.
        public var stopAt: Date?
        public var stopRequested: Bool
        public var cancelRequested: Bool

        /// A run that is stopping or cancelled does not hold back the next start.
        var isRunning: Bool { !stopRequested && !cancelRequested }
    }

    /// Whether and until when the trigger is paused.
    public struct Pause: Sendable, Hashable, Codable {
        /// Occurrences scheduled before this instant are `skipped:paused`; nil: until resumed.
        public var until: Date?
    }

    /// Everything the machine knows, for the store: restoring it with `init(spec:options:snapshot:)`
    /// after a restart continues exactly where it stopped.
    public struct Snapshot: Sendable, Hashable, Codable {
        /// Every occurrence at or before this instant has a decision or waits in `queued`.
        public var cursor: Date
        public var activeRuns: [ActiveRun]
        /// Occurrences waiting for the running one to end (overlap `queue`), oldest first; no decision yet.
        public var queued: [Occurrence]
        public var pause: Pause?

        public init(cursor: Date, activeRuns: [ActiveRun] = [], queued: [Occurrence] = [], pause: Pause? = nil) {
            self.cursor = cursor
            self.activeRuns = activeRuns
            self.queued = queued
            self.pause = pause
        }
    }

    private struct State {
        var snapshot: Snapshot
        /// The first occurrence after the cursor (cached; nil when the trigger has run out).
        var next: Occurrence?
        /// The wake-up last asked of the driver.
        var armed: Date?
    }

    public let spec: TriggerSpec
    public let options: TriggerOptions
    public let configuration: Configuration
    private var state: State

    /// A trigger whose occurrences after `cursor` are undecided (for a new trigger: the moment it
    /// was added). Send `recoveredAfterDowntime(now:)` first.
    public init(spec: TriggerSpec, options: TriggerOptions = .init(), cursor: Date, configuration: Configuration = .init()) {
        self.init(spec: spec, options: options, snapshot: Snapshot(cursor: cursor), configuration: configuration)
    }

    /// A trigger restored from the store. Send `recoveredAfterDowntime(now:)` first.
    public init(spec: TriggerSpec, options: TriggerOptions = .init(), snapshot: Snapshot, configuration: Configuration = .init()) {
        self.spec = spec
        self.options = options
        self.configuration = configuration
        state = State(snapshot: snapshot, next: spec.nextOccurrence(after: snapshot.cursor), armed: nil)
    }

    public var snapshot: Snapshot { state.snapshot }

    /// The next occurrence not yet decided.
    public var nextOccurrence: Occurrence? { state.next }

    /// When the machine next needs `timerFired` (the last `armTimer` it returned).
    public var nextWake: Date? { state.armed }

    // MARK: Events

    /// The engine has taken charge of the trigger at `now` (started, restarted after a crash or an
    /// outage). Occurrences since the cursor were missed while nobody was in charge: `catch_up`
    /// decides which still start; overdue stops are asked for at once.
    public mutating func recoveredAfterDowntime(now: Date) -> [SchedulerAction] {
        var actions: [SchedulerAction] = []
        advance(to: now, afterDowntime: true, &actions)
        arm(&actions)
        return actions
    }

    /// The wake-up asked for with `armTimer` has come (or the driver recomputes after a wall-clock
    /// step): decide what is due.
    public mutating func timerFired(now: Date) -> [SchedulerAction] {
        var actions: [SchedulerAction] = []
        advance(to: now, afterDowntime: false, &actions)
        arm(&actions)
        return actions
    }

    /// The run started for `occurrence` has ended (finished, failed, cancelled, torn down).
    public mutating func runFinished(_ occurrence: Occurrence, now: Date) -> [SchedulerAction] {
        var actions: [SchedulerAction] = []
        advance(to: now, afterDowntime: false, &actions)
        state.snapshot.activeRuns.removeAll { $0.occurrence.scheduled == occurrence.scheduled }
        startQueued(now: now, &actions)
        arm(&actions)
        return actions
    }

    /// Pause the trigger from `now` until `until` (nil: until `resumed`). Occurrences due up to now
    /// are decided first; queued starts are dropped as `skipped:paused`; running runs and their
    /// stops are untouched.
    public mutating func paused(until: Date?, now: Date) -> [SchedulerAction] {
        var actions: [SchedulerAction] = []
        advance(to: now, afterDowntime: false, &actions)
        state.snapshot.pause = Pause(until: until)
        var spans = SpanBuilder()
        for occurrence in state.snapshot.queued { spans.add(.skippedPaused, occurrence, &actions) }
        spans.flush(&actions)
        state.snapshot.queued = []
        arm(&actions)
        return actions
    }

    /// End a pause now.
    public mutating func resumed(now: Date) -> [SchedulerAction] {
        var actions: [SchedulerAction] = []
        advance(to: now, afterDowntime: false, &actions)
        state.snapshot.pause = nil
        arm(&actions)
        return actions
    }

    /// A stop obligation for the run of `occurrence` is due (from this machine's own timer or from
    /// the resource ledger after a restart). The stop is asked for at once, first, whatever the
    /// pause, overlap or lateness: teardown always catches up.
    public mutating func stopDue(_ occurrence: Occurrence, now: Date) -> [SchedulerAction] {
        var actions: [SchedulerAction] = [.stopRun(occurrence)]
        if let index = state.snapshot.activeRuns.firstIndex(where: { $0.occurrence.scheduled == occurrence.scheduled }) {
            state.snapshot.activeRuns[index].stopRequested = true
        }
        advance(to: now, afterDowntime: false, &actions)
        arm(&actions)
        return actions
    }

    // MARK: Deciding

    /// Decides everything due up to `now`, in scheduled order.
    private mutating func advance(to now: Date, afterDowntime: Bool, _ actions: inout [SchedulerAction]) {
        expireQueued(now: now, &actions)
        if let first = state.next, first.scheduled <= now {
            let due = spec.occurrences(after: state.snapshot.cursor)
            // The occurrences that could still start; `catch_up` keeps the newest `keep` of them.
            let candidates = due.prefix { $0.scheduled <= now }.reduce(0) { count, occurrence in
                isPaused(at: occurrence.scheduled) || isLate(occurrence, now: now) ? count : count + 1
            }
            let keep = keptCandidates(afterDowntime: afterDowntime)
            var index = 0
            var spans = SpanBuilder()
            for occurrence in due {
                guard occurrence.scheduled <= now else { break }
                requestStops(through: occurrence.scheduled, &actions)
                if isPaused(at: occurrence.scheduled) {
                    spans.add(.skippedPaused, occurrence, &actions)
                } else if isLate(occurrence, now: now) {
                    spans.add(.missedLate, occurrence, &actions)
                } else {
                    defer { index += 1 }
                    if index < candidates - keep {
                        spans.add(.missedLate, occurrence, &actions)
                    } else {
                        spans.flush(&actions)
                        startQueued(now: now, &actions)
                        decide(occurrence, now: now, &actions)
                    }
                }
                state.snapshot.cursor = occurrence.scheduled
            }
            spans.flush(&actions)
            state.next = spec.nextOccurrence(after: state.snapshot.cursor)
        }
        requestStops(through: now, &actions)
        startQueued(now: now, &actions)
        if let until = state.snapshot.pause?.until, until <= now { state.snapshot.pause = nil }
    }

    private func keptCandidates(afterDowntime: Bool) -> Int {
        switch (options.catchUp, afterDowntime) {
        case (.all, _): max(1, configuration.catchUpLimit)
        case (.latest, _), (.none, false): 1
        case (.none, true): 0
        }
    }

    /// One occurrence that may still start: the overlap policy decides.
    private mutating func decide(_ occurrence: Occurrence, now: Date, _ actions: inout [SchedulerAction]) {
        let running = state.snapshot.activeRuns.indices.filter { state.snapshot.activeRuns[$0].isRunning }
        guard !running.isEmpty || !state.snapshot.queued.isEmpty else {
            fire(occurrence, &actions)
            return
        }
        switch options.overlap {
        case .skip:
            actions.append(.record(.skippedOverlap, occurrence))
        case .queue:
            state.snapshot.queued.append(occurrence)
        case .replace:
            for index in running {
                state.snapshot.activeRuns[index].cancelRequested = true
                actions.append(.cancelRun(state.snapshot.activeRuns[index].occurrence))
            }
            fire(occurrence, &actions)
        case .allow:
            fire(occurrence, &actions)
        }
    }

    private mutating func fire(_ occurrence: Occurrence, _ actions: inout [SchedulerAction]) {
        actions.append(.record(.fired, occurrence))
        actions.append(.startRun(occurrence))
        let stopAt = options.duration.map { occurrence.scheduled.addingTimeInterval(ScheduleDuration.seconds($0)) }
        state.snapshot.activeRuns.append(
            ActiveRun(occurrence: occurrence, stopAt: stopAt, stopRequested: false, cancelRequested: false))
    }

    /// Starts queued occurrences in order while nothing is running; those out of time are `missed:late`.
    private mutating func startQueued(now: Date, _ actions: inout [SchedulerAction]) {
        while !state.snapshot.queued.isEmpty, !state.snapshot.activeRuns.contains(where: \.isRunning) {
            let occurrence = state.snapshot.queued.removeFirst()
            if isLate(occurrence, now: now) {
                actions.append(.record(.missedLate, occurrence))
            } else {
                fire(occurrence, &actions)
            }
        }
    }

    private mutating func expireQueued(now: Date, _ actions: inout [SchedulerAction]) {
        let (late, waiting) = (state.snapshot.queued.filter { isLate($0, now: now) },
                               state.snapshot.queued.filter { !isLate($0, now: now) })
        for occurrence in late { actions.append(.record(.missedLate, occurrence)) }
        state.snapshot.queued = waiting
    }

    /// Asks for every stop due at or before `instant` that has not been asked for.
    private mutating func requestStops(through instant: Date, _ actions: inout [SchedulerAction]) {
        for index in state.snapshot.activeRuns.indices {
            let run = state.snapshot.activeRuns[index]
            if let stopAt = run.stopAt, stopAt <= instant, !run.stopRequested {
                state.snapshot.activeRuns[index].stopRequested = true
                actions.append(.stopRun(run.occurrence))
            }
        }
    }

    private func isPaused(at instant: Date) -> Bool {
        guard let pause = state.snapshot.pause else { return false }
        return pause.until.map { instant < $0 } ?? true
    }

    private func isLate(_ occurrence: Occurrence, now: Date) -> Bool {
        now > startDeadline(occurrence)
    }

    private func startDeadline(_ occurrence: Occurrence) -> Date {
        occurrence.scheduled.addingTimeInterval(ScheduleDuration.seconds(options.startWithin))
    }

    /// Asks the driver for the next wake-up when it changed: the next occurrence, the first queued
    /// start running out of time (just after its deadline), or the next stop.
    private mutating func arm(_ actions: inout [SchedulerAction]) {
        var wakes: [Date] = []
        if let next = state.next { wakes.append(next.scheduled) }
        wakes += state.snapshot.queued.map { startDeadline($0).addingTimeInterval(0.001) }
        wakes += state.snapshot.activeRuns.compactMap { $0.stopRequested ? nil : $0.stopAt }
        let wake = wakes.min()
        guard wake != state.armed else { return }
        state.armed = wake
        actions.append(wake.map { .armTimer(at: $0) } ?? .disarmTimer)
    }
}

/// Groups consecutive occurrences with the same decision into one `recordSpan` (a lone one stays a
/// `record`), keeping the log in scheduled order.
private struct SpanBuilder {
    private var decision: OccurrenceDecision?
    private var first: Occurrence?
    private var last: Occurrence?
    private var count = 0

    mutating func add(_ decision: OccurrenceDecision, _ occurrence: Occurrence, _ actions: inout [SchedulerAction]) {
        if decision != self.decision { flush(&actions) }
        self.decision = decision
        if first == nil { first = occurrence }
        last = occurrence
        count += 1
    }

    mutating func flush(_ actions: inout [SchedulerAction]) {
        defer { (decision, first, last, count) = (nil, nil, nil, 0) }
        guard let decision, let first, let last else { return }
        if count == 1 {
            actions.append(.record(decision, first))
        } else {
            actions.append(.recordSpan(OccurrenceSpan(decision: decision, first: first, last: last, count: count)))
        }
    }
}
