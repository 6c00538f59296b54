import Foundation
import OnAirEngine
import OnAirLua
import OnAirStore
import Synchronization
import Testing

/// The daemon on an injected clock: days of schedule in seconds, against the emulator and a real
/// store.
@Suite(.serialized) struct EngineDaemonTests {
    static let daily = """
        local show = playbook "daily" {}
        function show.run(ctx, args)
          local input = ctx:step("input", function() return live_input.create{ meta = { name = "daily" } } end)
          ctx:step("output", function() return live_input.add_output(input, { url = "rtmp://x.example/live", streamKey = "k" }) end)
        end
        schedule.cron("0 19 * * *", show, { tz = "Europe/Berlin", duration = "30m" })
        """

    struct Fixture {
        let harness: EngineHarness
        let store: SQLiteStore
        /// What the daemon and its runner use: `store`, until a test switches it off.
        let switchable: SwitchableStore
        let clock: ManualClock
        let daemon: EngineDaemon<ManualClock>
        let reports = Reports()

        init(script: String, start: Date) async throws {
            harness = try await EngineHarness()
            store = try SQLiteStore.inMemory()
            switchable = SwitchableStore(store)
            let clock = ManualClock(wall: start)
            self.clock = clock
            let file = try await PlaybookFile.inspect(LuaScript(name: "daily.lua", source: script), now: { clock.wallNow })
            for declaration in file.schedules {
                _ = try await store.addSchedule(ScheduleRecords.newSchedule(from: declaration, script: script, at: start))
            }
            let runner = PlaybookRunner(
                configuration: PlaybookRunner.Configuration(host: LuaHostConfiguration(output: { _ in }, log: { _ in }), wallClock: { clock.wallNow }),
                directory: harness.engine.directory, store: switchable)
            daemon = EngineDaemon(store: switchable, runner: runner, clock: clock, report: { [reports] in reports.append($0) })
        }

        /// Advances both clocks by `total` in steps; after each, waits (real time) for the runs
        /// it started to finish (they talk real HTTP), so simulated time does not outrun them.
        func advance(_ total: Duration, step: Duration = .seconds(3600)) async throws {
            var done = Duration.zero
            while done < total {
                await clock.waitForSleeper()
                clock.advance(by: step)
                done += step
                try await Task.sleep(for: .milliseconds(20))
                _ = try await eventually {
                    let fired = reports.decisions.filter { $0 == "fired" }.count
                    let runs = try await store.runHistory(scheduleID: nil, limit: 1000).count
                    return runs == fired ? try await store.unfinishedRuns().isEmpty : false
                }
            }
        }

        /// Waits (real time) until `condition` holds, up to 5 s.
        func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
            for _ in 0..<250 {
                if try await condition() { return true }
                try await Task.sleep(for: .milliseconds(20))
            }
            return false
        }
    }

    final class Reports: Sendable {
        private let list = Mutex<[EngineDaemon<ManualClock>.Report]>([])
        func append(_ report: EngineDaemon<ManualClock>.Report) { list.withLock { $0.append(report) } }
        var decisions: [String] {
            list.withLock { $0.compactMap { if case .decided(_, let decision, _, _) = $0 { decision } else { nil } } }
        }
        var recovered: [Int] {
            list.withLock { $0.compactMap { if case .recovered(let runs, _) = $0 { runs } else { nil } } }
        }
        var armed: Int {
            list.withLock { $0.filter { if case .armed = $0 { true } else { false } }.count }
        }
        var problems: [String] {
            list.withLock { $0.compactMap { if case .problem(let text) = $0 { text } else { nil } } }
        }
        var runs: [String] {
            list.withLock { $0.compactMap { if case .run(_, let id, _) = $0 { id } else { nil } } }
        }
    }

    @Test func threeDaysOfADailyShowFireThreeRunsThatEachTearDown() async throws {
        // Monday 2026-11-23 10:00 Berlin.
        let start = Date(timeIntervalSince1970: 1_795_424_400)
        let fixture = try await Fixture(script: Self.daily, start: start)
        defer { Task { await fixture.harness.shutdown() } }
        let running = Task { await fixture.daemon.run() }
        try await fixture.advance(.seconds(3 * 86_400))
        let finished = try await fixture.eventually {
            let history = try await fixture.store.runHistory(scheduleID: nil, limit: 10)
            return history.count == 3 && history.allSatisfy { $0.run.status == .succeeded }
        }
        running.cancel()
        await running.value
        #expect(finished)
        let history = try await fixture.store.runHistory(scheduleID: nil, limit: 10)
        let scheduled = history.compactMap(\.run.scheduledAt).sorted()
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = berlin
        #expect(scheduled.map { calendar.component(.hour, from: $0) } == [19, 19, 19])
        #expect(fixture.reports.decisions == ["fired", "fired", "fired"])
        #expect(try await fixture.harness.resources("cloudflare", "live_inputs").isEmpty)
        #expect(try await fixture.store.allLiveResources().isEmpty)
    }

    @Test func aRestartResumesARunWhoseEndIsAheadAndTearsDownOneWhoseEndHasPassed() async throws {
        let start = Date(timeIntervalSince1970: 1_795_424_400)
        let fixture = try await Fixture(script: Self.daily, start: start)
        defer { Task { await fixture.harness.shutdown() } }
        let schedule = try #require(try await fixture.store.schedules(includingCancelled: false).first)
        // Two runs a dead engine left: one still within its show, one long over.
        let ahead = try await fixture.store.startRun(NewRun(
            scheduleID: schedule.id, scheduledAt: start.addingTimeInterval(-60), playbook: "daily",
            startedAt: start.addingTimeInterval(-60), endsAt: start.addingTimeInterval(1800)))
        let over = try await fixture.store.startRun(NewRun(
            playbook: "daily", startedAt: start.addingTimeInterval(-7200), endsAt: start.addingTimeInterval(-3600)))
        let foreign = try await fixture.store.startRun(NewRun(playbook: "daily", startedAt: start.addingTimeInterval(-60)))
        let dead = RunOwner(host: RunOwner.current.host, pid: 999_999, start: "1").description
        _ = try await fixture.store.claimRun(id: ahead.id, owner: dead, until: nil)
        _ = try await fixture.store.claimRun(id: over.id, owner: dead, until: nil)
        _ = try await fixture.store.claimRun(id: foreign.id, owner: "another-host/1/1", until: nil)
        let leftOver = await fixture.harness.output("print(live_input.create{ meta = { name = 'left over' } }.uid)")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try await fixture.store.recordResource(NewResource(
            runID: over.id, provider: "cloudflare", kind: "live_input", providerID: leftOver, createdAt: start))
        let orphan = await fixture.harness.output("print(live_input.create{ meta = { name = 'orphan' } }.uid)")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try await fixture.store.recordResource(NewResource(
            runID: ahead.id, provider: "cloudflare", kind: "live_input", providerID: orphan, createdAt: start))

        let running = Task { await fixture.daemon.run() }
        let recovered = try await fixture.eventually {
            let (a, o) = (try await fixture.store.run(id: ahead.id), try await fixture.store.run(id: over.id))
            return a.status == .succeeded && o.status == .tornDown
        }
        running.cancel()
        await running.value
        #expect(recovered, "the run within its show went on from its journal and finished; the one past its end was torn down")
        #expect(try await fixture.store.run(id: foreign.id).status == .running, "an owner on another host is not taken over")
        #expect(try await fixture.harness.resources("cloudflare", "live_inputs").isEmpty, "everything the resumed run had was torn down")
    }

    @Test func aTriggerThatRunsAFunctionRunsItAsAPlaybookUnderItsLabel() async throws {
        let start = Date(timeIntervalSince1970: 1_795_424_400)
        let fixture = try await Fixture(script: """
            schedule.cron("0 19 * * *", function(ctx, args)
              ctx:step("input", function() return live_input.create{ meta = { name = args.label } } end)
            end, { tz = "Europe/Berlin", name = "nightly check", label = "nightly" })
            """, start: start)
        defer { Task { await fixture.harness.shutdown() } }
        let running = Task { await fixture.daemon.run() }
        try await fixture.advance(.seconds(86_400))
        let finished = try await fixture.eventually {
            let history = try await fixture.store.runHistory(scheduleID: nil, limit: 10)
            return history.count == 1 && history.allSatisfy { $0.run.status == .succeeded }
        }
        running.cancel()
        await running.value
        #expect(finished)
        let history = try await fixture.store.runHistory(scheduleID: nil, limit: 10)
        #expect(history.first?.run.playbook == "nightly check")
        #expect(history.first?.steps.map(\.name) == ["input"])
        #expect(try await fixture.harness.resources("cloudflare", "live_inputs").isEmpty)
    }

    @Test func aFiringLeftWithoutARunStartsWhileItsStartDeadlineIsAheadAndIsClosedNotRunAfter() async throws {
        let start = Date(timeIntervalSince1970: 1_795_424_400)
        let fixture = try await Fixture(script: Self.daily, start: start)
        defer { Task { await fixture.harness.shutdown() } }
        let schedule = try #require(try await fixture.store.schedules(includingCancelled: false).first)
        // What an engine that wrote decisions and runs apart left: two `fired` decisions, no runs.
        let recent = start.addingTimeInterval(-60)
        let old = start.addingTimeInterval(-86_400)
        for instant in [recent, old] {
            _ = try await fixture.store.recordDecision(scheduleID: schedule.id, scheduledAt: instant, decision: "fired", decidedAt: instant)
        }
        let running = Task { await fixture.daemon.run() }
        let recovered = try await fixture.eventually {
            let runs = try await fixture.store.runHistory(scheduleID: schedule.id, limit: 10)
            return runs.count == 2 && runs.allSatisfy(\.run.status.isFinished)
        }
        running.cancel()
        await running.value
        #expect(recovered)
        let runs = try await fixture.store.runHistory(scheduleID: schedule.id, limit: 10)
        let byOccurrence = Dictionary(uniqueKeysWithValues: runs.compactMap { entry in entry.run.scheduledAt.map { ($0, entry) } })
        #expect(byOccurrence[recent]?.run.status == .succeeded, "within start_within: started late, once")
        #expect(byOccurrence[recent]?.steps.map(\.name) == ["input", "output"])
        #expect(byOccurrence[old]?.run.status == .tornDown, "past its start deadline: recorded, not run")
        #expect(byOccurrence[old]?.run.error?.contains("not started") == true)
        #expect(byOccurrence[old]?.steps.isEmpty == true)
        #expect(try await fixture.store.decisionsWithoutRun(decision: "fired").isEmpty)
        #expect(await fixture.daemon.durableFailures == 0)
        #expect(try await fixture.harness.resources("cloudflare", "live_inputs").isEmpty)
    }

    @Test func aRunWhoseOwnerIsAliveIsNeitherTakenOverNorTornDown() async throws {
        let start = Date(timeIntervalSince1970: 1_795_424_400)
        let fixture = try await Fixture(script: Self.daily, start: start)
        defer { Task { await fixture.harness.shutdown() } }
        let schedule = try #require(try await fixture.store.schedules(includingCancelled: false).first)
        // A run this process owns (as a live `onair run`, or a daemon that has not died, would),
        // written with its owner, past its end: a recovering daemon must still leave it alone.
        let live = try await fixture.store.startRun(NewRun(
            scheduleID: schedule.id, scheduledAt: start.addingTimeInterval(-7200), playbook: "daily",
            startedAt: start.addingTimeInterval(-7200), endsAt: start.addingTimeInterval(-3600), owner: RunOwner.current.description))
        let running = Task { await fixture.daemon.run() }
        _ = try await fixture.eventually { !fixture.reports.recovered.isEmpty && fixture.reports.armed > 0 }
        await fixture.clock.waitForSleeper()
        fixture.clock.advance(by: .seconds(1))
        try await Task.sleep(for: .milliseconds(200))
        running.cancel()
        await running.value
        let after = try await fixture.store.run(id: live.id)
        #expect(after.status == .running)
        #expect(after.fencingToken == live.fencingToken, "not claimed")
        #expect(fixture.reports.recovered == [0])
    }

    @Test func durableFailuresAreCountedAndNoRunStartsWithoutItsCommittedRow() async throws {
        let start = Date(timeIntervalSince1970: 1_795_424_400)
        let fixture = try await Fixture(script: Self.daily, start: start)
        defer { Task { await fixture.harness.shutdown() } }
        let running = Task { await fixture.daemon.run() }
        _ = try await fixture.eventually { fixture.reports.armed > 0 }
        fixture.switchable.fail()
        for _ in 0..<10 {
            await fixture.clock.waitForSleeper()
            fixture.clock.advance(by: .seconds(3600))
        }
        let counted = try await fixture.eventually { await fixture.daemon.durableFailures > 0 && !fixture.reports.problems.isEmpty }
        running.cancel()
        await running.value
        #expect(counted)
        #expect(fixture.reports.problems.contains { $0.contains("did not take fired") }, "\(fixture.reports.problems)")
        #expect(fixture.reports.runs.isEmpty, "no run starts from a row the store did not commit")
        #expect(try await fixture.harness.resources("cloudflare", "live_inputs").isEmpty)
    }

    @Test func theRecoveryRuleResumesBegunRunsByTheirEndAndUnbegunOnesByTheirStartDeadline() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        func facts(_ begun: Bool, end: Double?, deadline: Double?, tearingDown: Bool = false, scheduled: Bool = true) -> RecoveryRule.Facts {
            RecoveryRule.Facts(
                tearingDown: tearingDown, scheduled: scheduled, begun: begun, endsAt: end.map { now.addingTimeInterval($0) },
                startDeadline: deadline.map { now.addingTimeInterval($0) })
        }
        #expect(RecoveryRule.verdict(facts(true, end: 60, deadline: -600), now: now) == .resume)
        #expect(RecoveryRule.verdict(facts(true, end: nil, deadline: -600), now: now) == .resume)
        #expect(RecoveryRule.verdict(facts(true, end: -1, deadline: 60), now: now) == .tearDown)
        #expect(RecoveryRule.verdict(facts(false, end: 60, deadline: 30), now: now) == .resume)
        #expect(RecoveryRule.verdict(facts(false, end: 60, deadline: 0), now: now) == .resume, "the deadline itself is still in time")
        guard case .notStarted = RecoveryRule.verdict(facts(false, end: 60, deadline: -1), now: now) else {
            Issue.record("a start past its deadline is not run")
            return
        }
        guard case .notStarted = RecoveryRule.verdict(facts(false, end: -1, deadline: 60), now: now) else {
            Issue.record("a run whose end has passed does not start")
            return
        }
        #expect(RecoveryRule.verdict(facts(true, end: 60, deadline: 60, tearingDown: true), now: now) == .tearDown)
        #expect(RecoveryRule.verdict(facts(true, end: 60, deadline: nil, scheduled: false), now: now) == .tearDown)
    }
}
