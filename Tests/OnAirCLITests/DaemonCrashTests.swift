import Foundation
import OnAirStore
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The real `onair daemon`, killed (or frozen) at each failpoint between its durable writes, then
/// started again on the same store: each occurrence runs exactly once, no run is duplicated, and
/// no run whose owner process is alive is taken over or torn down (docs/playbooks.md, "Crash
/// points").
@Suite(.serialized) struct DaemonCrashTests {
    /// A show scheduled three seconds from now: one live input, one output, a two-second hold, and
    /// an end (`duration`) far enough ahead that a recovering daemon always resumes it.
    struct Show {
        let emulator: ExternalEmulator
        let store = PlaybookCommandTests.store()
        let file: String
        let occurrence: Date

        init(scheduled: Bool = true) throws {
            emulator = try ExternalEmulator()
            let at = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 3).rounded(.down))
            occurrence = at
            file = try CLI.script("crash.lua", """
                local show = playbook "crash" {}
                function show.run(ctx, args)
                  local input = ctx:step("input", function() return live_input.create{ meta = { name = "crash" } } end)
                  ctx:step("output", function() return live_input.add_output(input, { url = "rtmp://x.example/live", streamKey = "k" }) end)
                  ctx:hold("2s")
                end
                schedule.at("\(ISO8601DateFormatter().string(from: at))", show, { duration = "40s" })
                """)
            guard scheduled else { return }
            let added = try CLI.run(["schedule", "add", file, "--store", store], environment: emulator.environment)
            guard added.status == 0 else { throw CLIError(message: "schedule add failed: \(added.stderr)") }
        }

        /// `onair ARGS --store` as its own process, with `ONAIR_FAILPOINT` when given.
        func start(_ arguments: [String], failpoint: String? = nil) throws -> Engine {
            var environment = emulator.environment
            if let failpoint { environment["ONAIR_FAILPOINT"] = failpoint }
            return try Engine(arguments + ["--store", store], environment: environment)
        }

        /// A daemon that crashes at `failpoint`: returns once it is dead (and reaped).
        func crash(at failpoint: String) throws {
            let daemon = try start(["daemon"], failpoint: failpoint)
            let died = daemon.waitForExit(within: 30)
            #expect(died && daemon.killed, "the daemon died at \(failpoint): \(daemon.stderr())")
        }

        /// A daemon without failpoint until every run of the show is over, then a second more.
        func recover() async throws -> String {
            let daemon = try start(["daemon"])
            defer { daemon.interrupt() }
            _ = try await eventually(within: 40) {
                let runs = try await history()
                return !runs.isEmpty && runs.allSatisfy(\.run.status.isFinished)
            }
            try await Task.sleep(for: .seconds(1))
            daemon.interrupt()
            return daemon.stderr()
        }

        func history() async throws -> [RunHistoryEntry] {
            let opened = try SQLiteStore(path: store)
            defer { try? opened.close() }
            return try await opened.runHistory(scheduleID: nil, limit: 100)
        }

        func decisions() async throws -> [StoredDecision] {
            let opened = try SQLiteStore(path: store)
            defer { try? opened.close() }
            guard let schedule = try await opened.schedules(includingCancelled: true).first else { return [] }
            return try await opened.decisions(scheduleID: schedule.id, from: .distantPast, to: .distantFuture)
        }

        /// The occurrence fired once, ran once to success, and nothing it created is live.
        func expectRanOnce(_ what: String) async throws {
            let decisions = try await decisions()
            #expect(decisions.map(\.decision) == ["fired"], "\(what): one decision")
            let runs = try await history()
            #expect(runs.count == 1, "\(what): one run, not \(runs.map { "\($0.run.id) \($0.run.status)" })")
            #expect(runs.first?.run.status == .succeeded, "\(what): \(runs.map { "\($0.run.status) \($0.run.error ?? "")" })")
            #expect(runs.first?.run.scheduledAt == occurrence)
            #expect(decisions.first?.runID == runs.first?.run.id)
            #expect(try emulator.liveInputCount() == 0 && emulator.outputCount() == 0, "\(what): nothing left live")
            let opened = try SQLiteStore(path: store)
            defer { try? opened.close() }
            #expect(try await opened.allLiveResources().isEmpty)
        }

        func finish() {
            emulator.stop()
        }
    }

    /// A crash at one failpoint, then a recovering daemon.
    @Test(arguments: [
        "before-fire-commit", "after-fire-commit", "after-provider-create:1", "after-provider-create:2",
        "after-ledger-commit:1", "after-ledger-commit:2", "after-run-end",
    ])
    func aCrashAtAFailpointLosesNothingAndDuplicatesNothing(failpoint: String) async throws {
        let show = try Show()
        defer { show.finish() }
        try show.crash(at: failpoint)
        _ = try await show.recover()
        try await show.expectRanOnce(failpoint)
    }

    @Test func aDaemonThatDiesTakingOverARunIsTakenOverInTurn() async throws {
        let show = try Show()
        defer { show.finish() }
        try show.crash(at: "after-fire-commit")
        try show.crash(at: "after-run-claim")
        let log = try await show.recover()
        #expect(log.contains("took over 1 unfinished run: 1 resumed"), "\(log)")
        try await show.expectRanOnce("two crashes")
        let run = try #require(try await show.history().first?.run)
        #expect(run.fencingToken == 3, "written with its first owner, then taken over twice")
    }

    /// Frozen just after the firing's commit (nothing created yet), or once the input and the output
    /// are in the ledger (both live at the provider).
    @Test(arguments: [("after-fire-commit:1:stop", 0), ("after-ledger-commit:2:stop", 1)])
    func aDaemonLeavesTheRunOfAFrozenButLivingDaemonAlone(failpoint: String, outputs: Int) async throws {
        let show = try Show()
        defer { show.finish() }
        let frozen = try show.start(["daemon"], failpoint: failpoint)
        #expect(frozen.waitUntilStopped(within: 30), "the first daemon froze at \(failpoint): \(frozen.stderr())")
        let owner = try #require(try await show.history().first?.run)
        #expect(owner.leaseOwner?.contains("/\(frozen.pid)/") == true, "the run row was written with its owner: \(owner.leaseOwner ?? "none")")

        let second = try show.start(["daemon"])
        try await Task.sleep(for: .seconds(4))
        second.interrupt()
        #expect(second.stderr().contains("no unfinished run to take over"), "\(second.stderr())")
        let runs = try await show.history()
        #expect(runs.count == 1 && runs.first?.run.status == .running && runs.first?.run.leaseOwner == owner.leaseOwner,
                "the frozen daemon's run is untouched: \(runs.map { "\($0.run.status) \($0.run.leaseOwner ?? "")" })")
        #expect(try await show.decisions().count == 1, "the second daemon did not fire the occurrence again")
        #expect(try show.emulator.outputCount() == outputs, "nothing the frozen daemon's run created was torn down")

        frozen.kill()
        _ = try await show.recover()
        try await show.expectRanOnce("a frozen owner, then killed")
    }

    @Test func aDaemonLeavesALiveOnairRunAloneFromItsFirstWrite() async throws {
        let show = try Show(scheduled: false)
        defer { show.finish() }
        let file = try CLI.script("now.lua", """
            local show = playbook "now" {}
            function show.run(ctx)
              ctx:step("input", function() return live_input.create{ meta = { name = "now" } } end)
              ctx:hold("1h")
            end
            """)
        let run = try show.start(["run", file], failpoint: "after-run-row:1:stop")
        #expect(run.waitUntilStopped(within: 30), "onair run froze just after writing its run row: \(run.stderr())")
        let second = try show.start(["daemon"])
        try await Task.sleep(for: .seconds(2))
        second.interrupt()
        let mine = try await show.history().first { $0.run.playbook == "now" }?.run
        #expect(mine?.status == .running && mine?.leaseOwner?.contains("/\(run.pid)/") == true,
                "the live onair run keeps its run: \(String(describing: mine))")

        run.kill()
        let third = try show.start(["daemon"])
        _ = try await eventually(within: 20) { try await show.history().first { $0.run.playbook == "now" }?.run.status == .tornDown }
        third.interrupt()
        #expect(try await show.history().first { $0.run.playbook == "now" }?.run.status == .tornDown, "\(third.stderr())")
    }
}

/// An `onair` process a test starts, kills, freezes and reaps.
final class Engine {
    private let process = Process()
    private let errors: URL

    var pid: Int32 { process.processIdentifier }

    init(_ arguments: [String], environment: [String: String]) throws {
        errors = FileManager.default.temporaryDirectory.appendingPathComponent("onair-engine-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: CLI.executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = URL(fileURLWithPath: CLI.packageRoot)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Waits for the process to end (and reaps it); false if it still runs after `seconds`.
    func waitForExit(within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { return false }
        process.waitUntilExit()
        return true
    }

    /// Whether it ended by SIGKILL (its failpoint, or `kill`).
    var killed: Bool { process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL }

    /// Waits until the process has stopped itself (SIGSTOP at its failpoint).
    func waitUntilStopped(within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)] == "T"
            {
                return true
            }
            if !process.isRunning { return false }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    func kill() {
        Glibc.kill(pid, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGINT, then SIGKILL if it has not ended within ten seconds.
    func interrupt() {
        guard process.isRunning else { return }
        Glibc.kill(pid, SIGINT)
        if !waitForExit(within: 10) { kill() }
    }

    func stderr() -> String {
        (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
    }

    deinit {
        if process.isRunning { kill() }
        try? FileManager.default.removeItem(at: errors)
    }
}

/// Polls `condition` every 100 ms until it holds or `seconds` have passed.
func eventually(within seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(100))
    }
    return try await condition()
}
