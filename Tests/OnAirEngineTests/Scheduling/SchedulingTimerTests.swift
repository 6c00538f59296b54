import Foundation
import OnAirEngine
import Synchronization
import Testing

/// The timing service on a manual clock: weeks of schedule in milliseconds, nothing early, and
/// wall-clock steps that neither drop nor duplicate an occurrence.
@Suite struct SchedulingTimerTests {
    typealias Output = TriggerTimer<ManualClock>.Output

    static func utc(_ text: String) -> Date {
        guard case .instant(let date) = try! AtSchedule(parsing: text, zone: .utc).time else { fatalError(text) }
        return date
    }

    /// Collects what the timer performs, and plays the runner: every started run finishes at once.
    final class Recorder: Sendable {
        let outputs = Mutex<[Output]>([])
        let delivered = Mutex(0)

        func record(_ output: Output) { outputs.withLock { $0.append(output) } }

        var all: [Output] { outputs.withLock { $0 } }

        /// Runs started since the last call.
        func newStarts() -> [(String, Occurrence)] {
            let all = self.all
            let from = delivered.withLock { value -> Int in
                defer { value = all.count }
                return value
            }
            return all[from...].compactMap { output in
                if case .startRun(let occurrence) = output.action { (output.trigger, occurrence) } else { nil }
            }
        }

        /// (trigger, decision, scheduled, decided at) for every decided occurrence.
        func decisions(_ specs: [String: TriggerSpec]) -> [(String, OccurrenceDecision, Date, Date)] {
            all.flatMap { output -> [(String, OccurrenceDecision, Date, Date)] in
                switch output.action {
                case .record(let decision, let occurrence):
                    return [(output.trigger, decision, occurrence.scheduled, output.decidedAt)]
                case .recordSpan(let span):
                    return specs[output.trigger]!.occurrences(after: span.first.scheduled.addingTimeInterval(-0.001),
                                                              through: span.last.scheduled)
                        .map { (output.trigger, span.decision, $0.scheduled, output.decidedAt) }
                default:
                    return []
                }
            }
        }
    }

    @Test func stepsThroughEightWeeksAcrossATransitionFiringEachOccurrenceOnTime() async throws {
        let berlin = try ScheduleZone(identifier: "Europe/Berlin")
        let start = Self.utc("2026-03-01T00:00:00Z")
        let end = Self.utc("2026-04-26T00:00:00Z")
        let specs: [String: TriggerSpec] = [
            "friday-show": try .weekly("fri 19:00", zone: berlin),
            "night-check": try .cron("30 2 * * *", zone: berlin),  // in the gap on 2026-03-29
            "hourly": try .cron("0 * * * *", zone: berlin),
            "poll": try .every("45m", anchor: start, zone: berlin),
        ]
        let clock = ManualClock(wall: start)
        let recorder = Recorder()
        let timer = TriggerTimer(clock: clock, configuration: .init(maximumWait: .seconds(86_400)),
                                 wallClock: { clock.wallNow }, perform: recorder.record)
        for (id, spec) in specs.sorted(by: { $0.key < $1.key }) { await timer.add(id, spec: spec, cursor: start) }
        let running = Task { await timer.run() }

        while clock.wallNow < end {
            await clock.advanceToNextWake()
            await clock.waitForSleeper()
            for (id, occurrence) in recorder.newStarts() { await timer.runFinished(id, occurrence: occurrence) }
        }
        running.cancel()
        await running.value

        let decisions = recorder.decisions(specs)
        for (id, spec) in specs {
            let expected = spec.occurrences(after: start, through: clock.wallNow).map(\.scheduled)
            let mine = decisions.filter { $0.0 == id }
            #expect(mine.map(\.2) == expected, "\(id)")
            #expect(mine.allSatisfy { $0.1 == .fired }, "\(id)")
            #expect(mine.allSatisfy { $0.3 == $0.2 }, "\(id) fired early or late")
        }
        #expect(decisions.contains { $0.0 == "night-check" && $0.2 == Self.utc("2026-03-29T01:30:00Z") })
        #expect(decisions.filter { $0.0 == "hourly" }.count == 56 * 24)
    }

    @Test func wallClockStepsNeitherDropNorDuplicateAnOccurrence() async throws {
        let start = Self.utc("2026-06-01T00:00:00Z")
        let spec = try TriggerSpec.every("10m", anchor: start)
        let clock = ManualClock(wall: start)
        let recorder = Recorder()
        let timer = TriggerTimer(clock: clock, configuration: .init(maximumWait: .seconds(60)),
                                 wallClock: { clock.wallNow }, perform: recorder.record)
        await timer.add("poll", spec: spec, cursor: start)
        let running = Task { await timer.run() }

        func runUntil(_ wall: Date) async {
            while clock.wallNow < wall {
                await clock.advanceToNextWake()
                await clock.waitForSleeper()
                for (id, occurrence) in recorder.newStarts() { await timer.runFinished(id, occurrence: occurrence) }
            }
        }
        func step(_ seconds: TimeInterval) async {
            clock.stepWall(by: seconds)
            await timer.wallClockChanged()
            await clock.waitForSleeper()
            for (id, occurrence) in recorder.newStarts() { await timer.runFinished(id, occurrence: occurrence) }
        }

        await runUntil(Self.utc("2026-06-01T00:20:00Z"))  // 00:10 and 00:20 fired
        await step(-300)                                  // back 5 min: 00:20 must not fire again
        await runUntil(Self.utc("2026-06-01T00:38:00Z"))
        await step(300)                                   // forward 5 min to 00:43: 00:40 fires 3 min late
        await runUntil(Self.utc("2026-06-01T00:45:00Z"))
        await step(3600)                                  // forward 1 h to 01:45: one late run, the rest missed
        await runUntil(Self.utc("2026-06-01T01:47:00Z"))
        await step(-3600)                                 // back 1 h to 00:47: nothing repeats
        await runUntil(Self.utc("2026-06-01T02:10:00Z"))  // monotonic time runs on until the wall says 02:10
        running.cancel()
        await running.value

        let decisions = recorder.decisions(["poll": spec])
        let expected = spec.occurrences(after: start, through: Self.utc("2026-06-01T02:10:00Z")).map(\.scheduled)
        #expect(decisions.map(\.2) == expected, "each occurrence decided exactly once, in order")
        #expect(decisions.allSatisfy { $0.3 >= $0.2 }, "nothing is decided before its instant")
        let fired = decisions.filter { $0.1 == .fired }.map(\.2)
        #expect(fired == ["00:10", "00:20", "00:30", "00:40", "01:40", "01:50", "02:00", "02:10"]
            .map { Self.utc("2026-06-01T\($0):00Z") })
        #expect(decisions.filter { $0.1 == .missedLate }.count == 5)  // 00:50 … 01:30
        #expect(decisions.first { $0.2 == Self.utc("2026-06-01T00:40:00Z") }?.3 == Self.utc("2026-06-01T00:43:00Z"))
    }

    @Test func pauseAndStopObligationsGoThroughTheTimer() async throws {
        let start = Self.utc("2026-06-01T00:00:00Z")
        let spec = try TriggerSpec.every("1h", anchor: start)
        let clock = ManualClock(wall: start)
        let recorder = Recorder()
        let timer = TriggerTimer(clock: clock, configuration: .init(maximumWait: .seconds(3600)),
                                 wallClock: { clock.wallNow }, perform: recorder.record)
        await timer.add("show", spec: spec, options: .init(duration: .seconds(1800)), cursor: start)
        let running = Task { await timer.run() }
        await clock.advanceToNextWake()   // 01:00 fires
        await clock.waitForSleeper()
        #expect(await timer.nextWake(of: "show") == Self.utc("2026-06-01T01:30:00Z"))
        await timer.pause("show", until: Self.utc("2026-06-01T02:30:00Z"))
        await clock.advanceToNextWake()   // 01:30: the stop is due, paused or not
        await clock.waitForSleeper()
        await clock.advanceToNextWake()   // 02:00: skipped, paused
        await clock.waitForSleeper()
        await clock.advanceToNextWake()   // 03:00: fires
        await clock.waitForSleeper()
        running.cancel()
        await running.value
        let actions = recorder.all.map(\.action)
        let stop = actions.firstIndex { if case .stopRun(let o) = $0 { o.scheduled == Self.utc("2026-06-01T01:00:00Z") } else { false } }
        #expect(stop != nil)
        #expect(recorder.decisions(["show": spec]).map(\.1) == [.fired, .skippedPaused, .fired])
        #expect(await timer.snapshot(of: "show")?.activeRuns.count == 2)  // nobody reported the runs finished
    }
}
