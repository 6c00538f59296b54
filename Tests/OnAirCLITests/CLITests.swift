import Foundation
import Testing

/// `onair run` as a user sees it: output, error rendering, exit codes, limits, Ctrl-C.
@Suite struct RunCommandTests {
    @Test func aRuntimeErrorPrintsFileLineMessageAndATracebackAndExits1() throws {
        let path = try CLI.script("broken.lua", """
            local function start_show(config)
              return config.title:upper()
            end
            start_show({})
            """)
        // Run from the script's folder, as users do: Lua shortens long chunk names in messages.
        let outcome = try CLI.run(["run", "broken.lua"], in: (path as NSString).deletingLastPathComponent)
        #expect(outcome.status == 1)
        let lines = outcome.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "broken.lua:2: attempt to index a nil value (field 'title')")
        #expect(lines.dropFirst().first == "stack traceback:")
        #expect(outcome.stderr.contains("broken.lua:4: in main chunk"))
    }

    @Test func aSyntaxErrorIsAScriptError() throws {
        let path = try CLI.script("syntax.lua", "local x = = 1")
        let outcome = try CLI.run(["run", "syntax.lua"], in: (path as NSString).deletingLastPathComponent)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("syntax.lua:1: unexpected symbol near '='"))
    }

    @Test func usageErrorsExit2() throws {
        #expect(try CLI.run(["run", "/nonexistent/script.lua"]).status == 2)
        let path = try CLI.script("ok.lua", "return 1")
        #expect(try CLI.run(["run", "--cpu-limit", "soon", path]).status == 2)
        #expect(try CLI.run(["run", "--memory-limit", "lots", path]).status == 2)
        #expect(try CLI.run(["run", "--no-such-flag", path]).status == 2)
        #expect(try CLI.run(["run", "--set", "novalue", path]).status == 2)
        #expect(try CLI.run(["frobnicate"]).status == 2)
    }

    @Test func printGoesToStdoutAndLogsToStderrWithFields() throws {
        let path = try CLI.script("log.lua", """
            print("going live", 3)
            onair.log.info("output started", { platform = "youtube", bitrate = 6000 })
            onair.log.warn("slow ingest")
            """)
        let outcome = try CLI.run(["run", path])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "going live\t3\n")
        #expect(outcome.stderr.contains("info \(path):2 output started bitrate=6000 platform=youtube"))
        #expect(outcome.stderr.contains("warning \(path):3 slow ingest"))
    }

    @Test func setGivesTheScriptItsArguments() throws {
        let path = try CLI.script("args.lua", """
            print(args.title, args.show.day, type(args.count), args.destinations[2].name)
            """)
        let outcome = try CLI.run([
            "run", path, "--set", "title=Friday Show", "--set", "show.day=fri", "--set", "count=3",
            "--set-json", #"destinations=[{"name":"yt"},{"name":"twitch"}]"#,
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "Friday Show\tfri\tstring\ttwitch\n")
    }

    @Test func jsonOutputIsMachineReadable() throws {
        let ok = try CLI.script("ok.lua", "return 42, 'done', {a = 1}")
        let success = try CLI.run(["run", "--json", ok])
        let document = try #require(JSONSerialization.jsonObject(with: Data(success.stdout.utf8)) as? [String: Any])
        #expect(document["ok"] as? Bool == true)
        #expect(document["exit_code"] as? Int == 0)
        #expect((document["results"] as? [Any])?.count == 3)
        let bad = try CLI.script("bad.lua", "error('nope')")
        let failure = try CLI.run(["run", "--json", bad])
        #expect(failure.status == 1)
        let error = try #require((JSONSerialization.jsonObject(with: Data(failure.stdout.utf8)) as? [String: Any])?["error"] as? [String: Any])
        #expect(error["kind"] as? String == "runtime")
        #expect(error["message"] as? String == "\(bad):1: nope")
        #expect((error["traceback"] as? String)?.hasPrefix("stack traceback:") == true)
    }

    @Test func aBinaryChunkIsRefused() throws {
        let path = try CLI.script("compiled.lua", "\u{1B}LuaT\u{0}junk")
        let outcome = try CLI.run(["run", path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("precompiled (binary) Lua chunk"))
    }

    @Test func theExampleRuns() throws {
        let outcome = try CLI.run(["run", "examples/hello.lua"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("hello from OnAir"))
    }

    @Test func patternFunctionsMatchStockLuaOnTheCorpus() throws {
        let corpus = CLI.packageRoot + "/Tests/Fixtures/patterns/corpus.lua"
        let ours = try CLI.run(["run", corpus])
        #expect(ours.status == 0, "\(ours.stderr)")
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/lua5.4") else {
            Issue.record("lua5.4 is not installed (scripts/install.sh installs it)")
            return
        }
        let stock = Process()
        stock.executableURL = URL(fileURLWithPath: "/usr/bin/lua5.4")
        stock.arguments = [corpus]
        let pipe = Pipe()
        stock.standardOutput = pipe
        try stock.run()
        let expected = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        stock.waitUntilExit()
        #expect(ours.stdout == expected)
        #expect(expected.count > 10_000)
    }
}

/// Every limit ends the process with exit code 3 and a message naming the limit, in bounded time.
@Suite struct LimitExitTests {
    func expectExit3(_ source: String, naming message: String, flags: [String] = ["--cpu-limit", "1"],
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = try CLI.script("limit.lua", source)
        let outcome = try CLI.run(["run"] + flags + [path])
        #expect(outcome.status == 3, "\(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.elapsed < .seconds(10), "took \(outcome.elapsed)", sourceLocation: sourceLocation)
    }

    @Test func anEndlessLoop() throws {
        try expectExit3("while true do end", naming: "limit.lua:1: CPU time limit exceeded (1 s)")
    }

    @Test func aLimitSwallowedByPcall() throws {
        try expectExit3("while true do pcall(function() while true do end end) end", naming: "CPU time limit exceeded (1 s)")
    }

    @Test func aMemoryBomb() throws {
        try expectExit3("local t = {} while true do t[#t + 1] = ('x'):rep(1e5) .. #t end", naming: "memory limit exceeded (64 MiB)")
        try expectExit3("local s = 'x' while true do s = s .. s end", naming: "memory limit exceeded (8 MiB)", flags: ["--memory-limit", "8MiB"])
    }

    @Test func aHugeStringRep() throws {
        try expectExit3("local s = string.rep('x', 1e12)", naming: "memory limit exceeded (64 MiB)")
        try expectExit3("print(pcall(string.rep, 'x', 1e9)) print('went on')", naming: "memory limit exceeded (64 MiB)")
    }

    @Test func aPathologicalPatternMatch() throws {
        try expectExit3("print(string.find(('a'):rep(400), 'a*a*a*b'))", naming: "CPU time limit exceeded (1 s)")
        try expectExit3("print(('a'):rep(1e6):match(('.-'):rep(20) .. 'x'))", naming: "CPU time limit exceeded (1 s)")
    }

    @Test func aSpinningFinalizer() throws {
        // Hooks never fire inside __gc, so the watchdog's grace period ends the process.
        try expectExit3("""
            setmetatable({}, {__gc = function() while true do end end})
            local junk = {} for i = 1, 1e6 do junk[i % 10] = {} end
            """, naming: "CPU time limit exceeded (1 s)")
    }

    @Test func theWallClock() throws {
        try expectExit3("onair.sleep(60)", naming: "wall-clock timeout (1 s)", flags: ["--timeout", "1"])
    }
}

/// Ctrl-C ends a running script, runs its <close> handlers and exits 130.
@Suite struct InterruptTests {
    @Test func ctrlCDuringAWait() throws {
        let path = try CLI.script("wait.lua", """
            local guard <close> = setmetatable({}, {__close = function() print("tore down") end})
            print("waiting")
            onair.sleep(60)
            """)
        let outcome = try CLI.run(["run", path], interruptAfter: .milliseconds(800))
        #expect(outcome.status == 130)
        #expect(outcome.stdout == "waiting\ntore down\n")
        #expect(outcome.elapsed < .seconds(2), "exit took \(outcome.elapsed) after Ctrl-C")
    }

    @Test func ctrlCDuringALoop() throws {
        let path = try CLI.script("spin.lua", """
            local guard <close> = setmetatable({}, {__close = function() print("tore down") end})
            while true do end
            """)
        let outcome = try CLI.run(["run", path], interruptAfter: .milliseconds(800))
        #expect(outcome.status == 130)
        #expect(outcome.stdout == "tore down\n")
    }
}

/// `--profile` and `--config` as a user meets them.
@Suite struct ProfileCommandTests {
    @Test func anUnknownProfileIsAUsageError() throws {
        let path = try CLI.script("p.lua", "return 1")
        let outcome = try CLI.run(["run", "--profile", "nope", path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("unknown profile 'nope' (known: local, env)"))
    }

    @Test func aConfiguredProfileWithoutItsSecretSaysWhatToSet() throws {
        let config = try CLI.script("config.toml", """
            default_profile = "staging"
            [profiles.staging.cloudflare]
            account_id = "0000000000000000000000000000c0de"
            token_env = "ONAIR_TEST_UNSET_TOKEN"
            """)
        let path = try CLI.script("p.lua", "live_input.list()")
        let outcome = try CLI.run(["run", "--config", config, path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("cloudflare is not available in profile 'staging': set ONAIR_TEST_UNSET_TOKEN"))
    }

    @Test func theEnvProfileWithoutCredentialsNamesTheSDKVariables() throws {
        let path = try CLI.script("p.lua", "room.list{ provider = 'signalwire' }")
        let outcome = try CLI.run(["run", "--profile", "env", path], environment: ["SIGNALWIRE_PROJECT_ID": "", "SIGNALWIRE_API_TOKEN": "", "SIGNALWIRE_SPACE": ""])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("set SIGNALWIRE_PROJECT_ID and SIGNALWIRE_API_TOKEN and SIGNALWIRE_SPACE"))
    }
}
