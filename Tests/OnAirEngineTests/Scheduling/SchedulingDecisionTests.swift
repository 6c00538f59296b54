import Foundation
import OnAirEngine
import Testing

/// The decision state machine with no clock, store or Lua: time is passed in with each event.
@Suite struct SchedulingDecisionTests {
    static let t0 = Date(timeIntervalSince1970: 1_780_272_000)  // 2026-06-01T00:00:00Z

    static func minutes(_ m: Double) -> Date { t0.addingTimeInterval(m * 60) }

    static func every(_ interval: String) -> TriggerSpec { try! .every(interval, anchor: t0) }

    /// (decision, scheduled) for every occurrence the actions decide, spans expanded.
    static func decisions(_ actions: [SchedulerAction], spec: TriggerSpec) -> [(OccurrenceDecision, Date)] {
        actions.flatMap { action -> [(OccurrenceDecision, Date)] in
            switch action {
            case .record(let decision, let occurrence): return [(decision, occurrence.scheduled)]
            case .recordSpan(let span):
                let inside = spec.occurrences(after: span.first.scheduled.addingTimeInterval(-0.001), through: span.last.scheduled)
                #expect(inside.count == span.count)
                return inside.map { (span.decision, $0.scheduled) }
            default: return []
            }
        }
    }

    static func started(_ actions: [SchedulerAction]) -> [Date] {
        actions.compactMap { if case .startRun(let o) = $0 { o.scheduled } else { nil } }
    }

    static func occurrence(_ spec: TriggerSpec, at date: Date) -> Occurrence {
        spec.nextOccurrence(after: date.addingTimeInterval(-0.001))!
    }

    @Test func anOccurrenceOnTimeFiresAndTheNextIsArmed() {
        let spec = Self.every("10m")
        var machine = TriggerStateMachine(spec: spec, cursor: Self.t0)
        #expect(machine.recoveredAfterDowntime(now: Self.t0) == [.armTimer(at: Self.minutes(10))])
        let first = Self.occurrence(spec, at: Self.minutes(10))
        #expect(machine.timerFired(now: Self.minutes(10)) == [.record(.fired, first), .startRun(first), .armTimer(at: Self.minutes(20))])
        // Waking early (a backward wall-clock step) decides nothing.
        #expect(machine.timerFired(now: Self.minutes(15)) == [])
    }

    @Test func aStartLaterThanStartWithinIsMissedNotRun() {
        let spec = Self.every("10m")
        var machine = TriggerStateMachine(spec: spec, options: .init(startWithin: .seconds(300)), cursor: Self.t0)
        _ = machine.recoveredAfterDowntime(now: Self.t0)
        let late = machine.timerFired(now: Self.minutes(15.01))
        #expect(Self.decisions(late, spec: spec).map(\.0) == [.missedLate])
        #expect(Self.started(late).isEmpty)
        // Exactly start_within late still starts.
        let onTheEdge = machine.timerFired(now: Self.minutes(25))
        #expect(Self.started(onTheEdge) == [Self.minutes(20)])
    }

    @Test func overlapSkipRecordsTheSkipAndFiresAgainOnceTheRunEnds() {
        let spec = Self.every("10m")
        var machine = TriggerStateMachine(spec: spec, options: .init(overlap: .skip), cursor: Self.t0)
        _ = machine.recoveredAfterDowntime(now: Self.t0)
        let first = machine.timerFired(now: Self.minutes(10))
        let second = machine.timerFired(now: Self.minutes(20))
        #expect(Self.decisions(second, spec: spec).map(\.0) == [.skippedOverlap])
        _ = machine.runFinished(Self.occurrence(spec, at: Self.minutes(10)), now: Self.minutes(25))
        #expect(Self.started(first) == [Self.minutes(10)])
        #expect(Self.started(machine.timerFired(now: Self.minutes(30))) == [Self.minutes(30)])
    }

    @Test func overlapQueueStartsWhenTheRunEndsOrMissesItsDeadline() {
        let spec = Self.every("10m")
        var machine = TriggerStateMachine(spec: spec, options: .init(startWithin: .seconds(300), overlap: .queue), cursor: Self.t0)
        _ = machine.recoveredAfterDowntime(now: Self.t0)
        _ = machine.timerFired(now: Self.minutes(10))
        let queued = machine.timerFired(now: Self.minutes(20))
        #expect(Self.decisions(queued, spec: spec).isEmpty)  // no decision yet: it waits
        #expect(queued.last == .armTimer(at: Self.minutes(25).addingTimeInterval(0.001)))
        #expect(machine.snapshot.queued.map(\.scheduled) == [Self.minutes(20)])
        let finished = machine.runFinished(Self.occurrence(spec, at: Self.minutes(10)), now: Self.minutes(22))
        let twenty = Self.occurrence(spec, at: Self.minutes(20))
        #expect(finished == [.record(.fired, twenty), .startRun(twenty), .armTimer(at: Self.minutes(30))])

        // The next one waits too, and its deadline passes before the run ends.
        _ = machine.timerFired(now: Self.minutes(30))
        let expired = machine.timerFired(now: Self.minutes(35).addingTimeInterval(0.001))
        #expect(Self.decisions(expired, spec: spec).map(\.0) == [.missedLate])
        #expect(machine.snapshot.queued.isEmpty)
    }

    @Test func overlapReplaceCancelsTheRunningOneThenFires() {
        let spec = Self.every("10m")
        var machine = TriggerStateMachine(spec: spec, options: .init(overlap: .replace), cursor: Self.t0)
        _ = machine.recoveredAfterDowntime(now: Self.t0)
        _ = machine.timerFired(now: Self.minutes(10))
        let (ten, twenty) = (Self.occurrence(spec, at: Self.minutes(10)), Self.occurrence(spec, at: Self.minutes(20)))
        #expect(machine.timerFired(now: Self.minutes(20)) ==
                [.cancelRun(ten), .record(.fired, twenty), .startRun(twenty), .armTimer(at: Self.minutes(30))])
        // The cancelled run is no longer running: the next occurrence replaces only the new one.
        let thirty = machine.timerFired(now: Self.minutes(30))
        #expect(thirty.filter { if case .cancelRun = $0 { true } else { false } } == [.cancelRun(twenty)])
    }

    @Test func overlapAllowFiresAlongside() {
        let spec = Self.every("10m")
        var machine = TriggerStateMachine(spec: spec, options: .init(overlap: .allow), cursor: Self.t0)
        _ = machine.recoveredAfterDowntime(now: Self.t0)
        _ = machine.timerFired(now: Self.minutes(10))
        #expect(Self.started(machine.timerFired(now: Self.minutes(20))) == [Self.minutes(20)])
        #expect(machine.snapshot.activeRuns.count == 2)
    }

    @Test func aPauseSkipsItsOccurrencesAndEndsByItself() {
        let spec = Self.every("10m")
        var machine = TriggerStateMachine(spec: spec, options: .init(duration: .seconds(900), overlap: .queue), cursor: Self.t0)
        _ = machine.recoveredAfterDowntime(now: Self.t0)
        _ = machine.timerFired(now: Self.minutes(10))   // runs until 25
        _ = machine.timerFired(now: Self.minutes(20))   // queued behind it
        let pause = machine.paused(until: Self.minutes(45), now: Self.minutes(21))
        #expect(Self.decisions(pause, spec: spec).map(\.0) == [.skippedPaused])  // the queue is dropped
        // The stop of the running show is not held back by the pause.
        #expect(machine.timerFired(now: Self.minutes(25)) == [.stopRun(Self.occurrence(spec, at: Self.minutes(10))), .armTimer(at: Self.minutes(30))])
        let during = machine.timerFired(now: Self.minutes(40))
        #expect(Self.decisions(during, spec: spec).map(\.0) == [.skippedPaused, .skippedPaused])
        #expect(Self.decisions(machine.timerFired(now: Self.minutes(50)), spec: spec).map(\.0) == [.fired])
        #expect(machine.snapshot.pause == nil)
    }

    @Test func resumingEndsAnOpenPause() {
        let spec = Self.every("10m")
        var machine = TriggerStateMachine(spec: spec, cursor: Self.t0)
        _ = machine.recoveredAfterDowntime(now: Self.t0)
        _ = machine.paused(until: nil, now: Self.minutes(1))
        #expect(Self.decisions(machine.timerFired(now: Self.minutes(10)), spec: spec).map(\.0) == [.skippedPaused])
        _ = machine.resumed(now: Self.minutes(12))
        #expect(Self.decisions(machine.timerFired(now: Self.minutes(20)), spec: spec).map(\.0) == [.fired])
    }

    @Test(arguments: ["every", "cron"]) func thirtyDaysDownStartsAtMostOneRun(form: String) throws {
        let spec: TriggerSpec = form == "every" ? Self.every("1m") : try .cron("* * * * *", zone: ScheduleZone(identifier: "Europe/Berlin"))
        var machine = TriggerStateMachine(spec: spec, cursor: Self.t0)
        let now = Self.t0.addingTimeInterval(30 * 86_400 + 30)
        let actions = machine.recoveredAfterDowntime(now: now)
        #expect(actions.count == 4)  // one span, one record, one start, one timer
        guard case .recordSpan(let span) = actions[0] else { Issue.record("no span: \(actions[0])"); return }
        #expect(span.decision == .missedLate && span.count == 30 * 1440 - 1)
        #expect(Self.started(actions) == [Self.t0.addingTimeInterval(30 * 86_400)])
        #expect(Self.decisions(actions, spec: spec).count == 30 * 1440)
    }

    @Test func catchUpAllStartsEveryMissedOccurrenceStillInTime() {
        let spec = Self.every("1m")
        let options = TriggerOptions(startWithin: .seconds(600), overlap: .allow, catchUp: .all)
        var machine = TriggerStateMachine(spec: spec, options: options, cursor: Self.t0, configuration: .init(catchUpLimit: 4))
        let actions = machine.recoveredAfterDowntime(now: Self.minutes(60))
        // 60 due; those more than 10 min late are missed; of the 11 in time the newest 4 start.
        #expect(Self.started(actions) == [57, 58, 59, 60].map { Self.minutes($0) })
        let decided = Self.decisions(actions, spec: spec)
        #expect(decided.count == 60 && decided.filter { $0.0 == .missedLate }.count == 56)

        // With overlap skip, the first catch-up run makes the others skip.
        var skipping = TriggerStateMachine(spec: spec, options: .init(catchUp: .all), cursor: Self.t0)
        let skipped = Self.decisions(skipping.recoveredAfterDowntime(now: Self.minutes(3)), spec: spec).map(\.0)
        #expect(skipped == [.fired, .skippedOverlap, .skippedOverlap])
    }

    @Test func catchUpNoneRunsNothingThatWasMissed() {
        let spec = Self.every("1m")
        var machine = TriggerStateMachine(spec: spec, options: .init(catchUp: .none), cursor: Self.t0)
        let actions = machine.recoveredAfterDowntime(now: Self.minutes(3))
        #expect(Self.started(actions).isEmpty)
        #expect(Self.decisions(actions, spec: spec).map(\.0) == [.missedLate, .missedLate, .missedLate])
        // Running normally afterwards, the current occurrence fires even when the engine stalled.
        #expect(Self.started(machine.timerFired(now: Self.minutes(5))) == [Self.minutes(5)])
    }

    @Test func aStalledWakeStartsOnlyTheCurrentOccurrence() {
        let spec = Self.every("1m")
        var machine = TriggerStateMachine(spec: spec, options: .init(overlap: .allow), cursor: Self.t0)
        _ = machine.recoveredAfterDowntime(now: Self.t0)
        let actions = machine.timerFired(now: Self.minutes(4))
        #expect(Self.started(actions) == [Self.minutes(4)])
        #expect(Self.decisions(actions, spec: spec).map(\.0) == [.missedLate, .missedLate, .missedLate, .fired])
    }

    @Test func stopsAlwaysCatchUpHoweverLate() {
        let spec = Self.every("1h")
        let options = TriggerOptions(duration: .seconds(1800))
        var machine = TriggerStateMachine(spec: spec, options: options, cursor: Self.t0)
        _ = machine.recoveredAfterDowntime(now: Self.t0)
        let show = Self.occurrence(spec, at: Self.minutes(60))
        #expect(machine.timerFired(now: Self.minutes(60)).last == .armTimer(at: Self.minutes(90)))
        // The engine was down from 70 until day 3: the stop comes first, at once; the starts are late.
        var restored = TriggerStateMachine(spec: spec, options: options, snapshot: machine.snapshot)
        let recovered = restored.recoveredAfterDowntime(now: Self.t0.addingTimeInterval(3 * 86_400 + 10))
        #expect(recovered.first == .stopRun(show))
        #expect(Self.started(recovered) == [Self.t0.addingTimeInterval(3 * 86_400)])

        // An external stop obligation is honoured while paused and whatever the lateness.
        var paused = TriggerStateMachine(spec: spec, options: options, cursor: Self.t0)
        _ = paused.recoveredAfterDowntime(now: Self.t0)
        _ = paused.paused(until: nil, now: Self.minutes(1))
        #expect(paused.stopDue(show, now: Self.t0.addingTimeInterval(86_400)).first == .stopRun(show))
    }

    /// Whatever happens, every occurrence gets exactly one decision (queued ones get theirs later),
    /// and a decision is recorded before the run it starts.
    @Test(arguments: OverlapPolicy.allCases) func everyOccurrenceGetsExactlyOneDecision(overlap: OverlapPolicy) {
        var random = SplitMix(seed: 0x5EED + UInt64(overlap.rawValue.count))
        for catchUp in CatchUpPolicy.allCases {
            let spec = Self.every("5m")
            let options = TriggerOptions(duration: .seconds(420), startWithin: .seconds(240), overlap: overlap, catchUp: catchUp)
            var machine = TriggerStateMachine(spec: spec, options: options, cursor: Self.t0)
            var now = Self.t0
            var log: [SchedulerAction] = machine.recoveredAfterDowntime(now: now)
            var running: [Occurrence] = []
            for _ in 0..<400 {
                now = now.addingTimeInterval(Double(random.next() % 900))
                let actions: [SchedulerAction]
                switch random.next() % 7 {
                case 0 where !running.isEmpty: actions = machine.runFinished(running.removeFirst(), now: now)
                case 1: actions = machine.paused(until: now.addingTimeInterval(Double(random.next() % 3600)), now: now)
                case 2: actions = machine.resumed(now: now)
                case 3: actions = machine.recoveredAfterDowntime(now: now)
                default: actions = machine.timerFired(now: now)
                }
                for action in actions {
                    if case .startRun(let o) = action { running.append(o) }
                    if case .cancelRun(let o) = action { running.removeAll { $0 == o } }
                }
                log += actions
            }
            let decided = Self.decisions(log, spec: spec)
            let expected = spec.occurrences(after: Self.t0, through: now).map(\.scheduled)
            let queued = Set(machine.snapshot.queued.map(\.scheduled))
            #expect(Set(decided.map(\.1)).union(queued) == Set(expected))
            #expect(Set(decided.map(\.1)).count == decided.count, "an occurrence was decided twice")
            #expect(decided.count + queued.count == expected.count)
            for (index, action) in log.enumerated() {
                if case .startRun(let o) = action { #expect(index > 0 && log[index - 1] == .record(.fired, o)) }
            }
        }
    }
}

/// A small deterministic random generator so the property test replays the same events.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
