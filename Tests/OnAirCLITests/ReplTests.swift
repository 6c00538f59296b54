import Foundation
import Testing

/// The REPL driven through a real terminal (tmux). Its suite name ends in TimingTests so that
/// `scripts/test` runs it after the rest, on its own: it checks that Ctrl-C returns within a second.
@Suite(.serialized) struct ReplTerminalTimingTests {
    /// A REPL in a detached tmux session, with its own history folder.
    final class Screen {
        let name = "onair-test-\(UUID().uuidString.prefix(8))"
        let state: String
        /// Each screen has its own tmux server, so no server from elsewhere (or from an earlier
        /// test) is shared, and `close` leaves nothing running.
        let socket = FileManager.default.temporaryDirectory.appendingPathComponent("onair-tmux-\(UUID().uuidString.prefix(8))").path

        /// Starts `onair ARGUMENTS` (the REPL by default) and waits for `ready` on the screen. With
        /// `shell`, the pane runs a shell instead, and `onair` is typed at its prompt as a person does.
        init(
            state: String? = nil, arguments: String = "repl", ready: String = "onair> ", width: Int = 120, height: Int = 40,
            term: String? = nil, shell: Bool = false
        ) throws {
            self.state = state ?? FileManager.default.temporaryDirectory.appendingPathComponent("onair-repl-\(UUID().uuidString)").path
            let variables = "XDG_STATE_HOME=\(self.state) LANG=C.UTF-8" + (term.map { " TERM=\($0)" } ?? "")
            let command = shell ? "env \(variables) PS1='$ ' bash --norc --noprofile" : "env \(variables) \(CLI.executable) \(arguments); sleep 30"
            try tmux(["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), "-c", CLI.packageRoot, command])
            _ = try waitFor(shell ? "$ " : ready)
        }

        func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }
        func press(_ key: String) throws { try tmux(["send-keys", "-t", name, key]) }
        func line(_ text: String) throws {
            try type(text)
            try press("Enter")
        }

        var contents: String {
            (try? tmux(["capture-pane", "-t", name, "-p", "-J"])) ?? ""
        }

        /// Waits until the screen shows `text` (after the previous occurrences, if `after` is given).
        @discardableResult
        func waitFor(_ text: String, occurrences: Int = 1, timeout: Double = 5) throws -> String {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                let screen = contents
                if screen.components(separatedBy: text).count - 1 >= occurrences { return screen }
                Thread.sleep(forTimeInterval: 0.05)
            }
            throw ScreenError(message: "timed out waiting for \(text.debugDescription); screen:\n\(contents)")
        }

        func close() {
            _ = try? tmux(["kill-server"])
            try? FileManager.default.removeItem(atPath: socket)
        }

        /// Runs a tmux client on this screen's server, started cleanly (see `CleanSpawn`): the
        /// first client forks the server, which must neither inherit the test's descriptors nor
        /// its blocked signals.
        @discardableResult
        func tmux(_ arguments: [String]) throws -> String {
            let (status, output) = try CleanSpawn.run(["tmux", "-u", "-S", socket] + arguments)
            guard status == 0 else { throw ScreenError(message: "tmux \(arguments.first ?? "") failed") }
            return output
        }
    }

    struct ScreenError: Error, CustomStringConvertible { var message: String; var description: String { message } }

    @Test func completionMultiLinePrettyPrintingAndAProviderCall() throws {
        let screen = try Screen()
        defer { screen.close() }
        try screen.type("live_in")
        try screen.press("Tab")
        try screen.waitFor("onair> live_input.")
        try screen.type("cre")
        try screen.press("Tab")
        try screen.line("{ meta = { name = \"late show\" } }.meta")
        try screen.waitFor("{ name = \"late show\" }")

        try screen.line("function pair(a)")
        try screen.waitFor("  ...> ")
        try screen.line("return { b = { 1, 2 }, a = a }")
        try screen.line("end")
        try screen.line("pair(\"x\")")
        try screen.waitFor("{ a = \"x\", b = { 1, 2 } }")

        try screen.line("local loop = {} loop.self = loop")
        try screen.line("loop")
        try screen.waitFor("{ self = <cycle> }")
        try screen.line("local many = {} for i = 1, 200 do many[i] = i end")
        try screen.line("many")
        try screen.waitFor("… 150 more")
    }

    @Test func ctrlCDuringASleepReturnsToThePromptWithinASecond() throws {
        let screen = try Screen()
        defer { screen.close() }
        try screen.line("onair.sleep(60)")
        Thread.sleep(forTimeInterval: 0.5)
        let start = Date()
        try screen.press("C-c")
        try screen.waitFor("interrupted")
        try screen.waitFor("onair> ", occurrences: 2, timeout: 1)
        #expect(Date().timeIntervalSince(start) < 1)
        try screen.line("40 + 2")
        try screen.waitFor("42")
    }

    /// The way a person does it: a shell in a 160x50 terminal of tmux's own type, `onair repl`
    /// typed at its prompt, a line, Ctrl-D, `onair repl` again, then Up (twice, for the older line).
    @Test func historyIsRecalledWhenTheReplIsStartedAgainFromTheSameShell() throws {
        let screen = try Screen(width: 160, height: 50, term: "tmux-256color", shell: true)
        defer { screen.close() }
        try screen.line(CLI.executable + " repl")
        try screen.waitFor("onair> ")
        try screen.line("first = 1")
        try screen.waitFor("onair> ", occurrences: 2)
        try screen.line("answer = 6 * 7")
        try screen.waitFor("onair> ", occurrences: 3)
        try screen.press("C-d")
        try screen.waitFor("$ ", occurrences: 2)
        try screen.line(CLI.executable + " repl")
        try screen.waitFor("onair> ", occurrences: 4)
        try screen.press("Up")
        try screen.waitFor("onair> answer = 6 * 7", occurrences: 2)
        try screen.press("Up")
        try screen.waitFor("onair> first = 1", occurrences: 2)
        try screen.press("Enter")
        try screen.line("print(first + 41)")
        try screen.waitFor("42")
    }

    /// Two REPLs open at once (one per pane during a show) both keep their lines: neither erases
    /// what the other wrote, and a third one recalls all of them, newest first, letters intact.
    @Test func replsOpenAtOnceKeepEachOthersHistory() throws {
        let first = try Screen()
        defer { first.close() }
        let second = try Screen(state: first.state)
        defer { second.close() }
        try first.line("from_first = 1")
        try first.waitFor("onair> ", occurrences: 2)
        try second.line("title = \"Café über\"")
        try second.waitFor("onair> ", occurrences: 2)
        try first.line("again_first = 3")
        try first.waitFor("onair> ", occurrences: 3)
        let third = try Screen(state: first.state)
        defer { third.close() }
        try third.press("Up")
        try third.waitFor("onair> again_first = 3")
        try third.press("Up")
        try third.waitFor("onair> title = \"Café über\"")
        try third.press("Up")
        try third.waitFor("onair> from_first = 1")
        try third.press("C-u")
        try third.line(".history")
        try third.waitFor("3  again_first = 3")
        #expect(third.contents.contains("2  title = \"Café über\""), "\(third.contents)")
    }

    @Test func historyIsRecalledAfterARestart() throws {
        let first = try Screen()
        try first.line("answer = 6 * 7")
        try first.waitFor("onair> ", occurrences: 2)
        try first.press("C-d")
        Thread.sleep(forTimeInterval: 0.5)
        first.close()
        let second = try Screen(state: first.state)
        defer { second.close() }
        try second.press("Up")
        try second.waitFor("onair> answer = 6 * 7")
    }
}

/// A playbook run in a terminal keeps a status line while it holds. (In this suite for its tmux
/// set-up; it runs after the rest.)
extension ReplTerminalTimingTests {
    @Test func aHoldingRunShowsWhatIsLiveAndTheTimeToTeardown() throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("onair-\(UUID().uuidString).sqlite").path
        let screen = try Screen(
            arguments: "run examples/weekly-friday-simulcast.lua --set duration=4s --store \(store)", ready: "holding until")
        defer { screen.close() }
        try screen.waitFor("3 live (2 outputs streaming) · teardown in ")
        try screen.waitFor("run succeeded", timeout: 10)
        #expect(!screen.contents.contains("streaming) · teardown"), "the status line is cleared when the hold ends")
    }
}

/// The REPL without a terminal: no prompt, no colour, the exit code of the last failing line.
@Suite struct ReplPipeTests {
    func pipe(_ input: String, flags: String = "") throws -> CLI.Outcome {
        let file = try CLI.script("input.lua", input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(CLI.executable) repl \(flags) < \(file)"]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                           stderr: String(decoding: stderr, as: UTF8.self), elapsed: .zero)
    }

    @Test func valuesPrintPlainAndLocalsPersist() throws {
        let outcome = try pipe("""
            local x = 20
            x + 22
            local function twice(n) return 2 * n end
            twice(x)
            { b = true, a = "s" }
            print("printed")
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "42\n40\n{ a = \"s\", b = true }\nprinted\n")
        #expect(!outcome.stdout.contains("\u{1B}["), "no colour when piped")
    }

    @Test func theExitCodeIsThatOfTheLastFailingLine() throws {
        let failing = try pipe("error('first')\nprint('still running')\n")
        #expect(failing.status == 1)
        #expect(failing.stdout == "still running\n")
        #expect(failing.stderr.contains("repl#1:1: first"))
        let limited = try pipe("while true do end\n1 + 1\n", flags: "--cpu-limit 0.5")
        #expect(limited.status == 3, "a limit on a line is that line's failure")
        #expect(limited.stdout == "2\n", "the session goes on after a limit")
        #expect(limited.stderr.contains("CPU time limit exceeded (500 ms)"))
        #expect(try pipe("1 + 1\n").status == 0)
    }

    @Test func providerCallsWorkAtThePrompt() throws {
        let outcome = try pipe("live_input.create{ meta = { name = 'piped' } }.meta.name\n#live_input.list()\n")
        #expect(outcome.stdout == "\"piped\"\n1\n", "\(outcome.stderr)")
    }
}
