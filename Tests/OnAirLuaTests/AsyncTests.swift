@testable import OnAirLua
import Testing

/// The async bridge: bindings that wait read as plain calls, everywhere Lua can wait; where it
/// cannot, the error says where and why.
@Suite struct AsyncTests {
    let fake = echoAfter(.milliseconds(20))

    @Test func anAsyncBindingReadsAsAPlainCall() async {
        #expect(await output("print(fake.echo('hi'), fake.echo(42), fake.echo({a = 1}).a)", modules: [fake]) == "hi\t42\t1\n")
    }

    @Test func waitingWorksInsidePcallAndXpcall() async {
        let text = await output("""
            print(pcall(fake.echo, 'p'))
            print(xpcall(function() return fake.echo('x') end, debug.traceback))
            local ok, err = pcall(fake.fail, 'gone')
            print(ok, err.kind, err.status, err.message)
            """, modules: [fake])
        #expect(text == "true\tp\ntrue\tx\nfalse\tnot_found\t404\tgone\n")
    }

    @Test func waitingWorksInsideGeneratorsAndIterators() async {
        let text = await output("""
            local gen = coroutine.wrap(function()
              for i = 1, 3 do coroutine.yield(fake.echo(i * 10)) end
            end)
            print(gen(), gen(), gen())
            local function pages()
              local n = 0
              return function()
                n = n + 1
                if n <= 2 then return fake.echo("page" .. n) end
              end
            end
            for page in pages() do print(page) end
            local co = coroutine.create(function(a) local b = coroutine.yield(fake.echo(a)) return fake.echo(b) end)
            print(coroutine.resume(co, "first"))
            print(coroutine.resume(co, "second"))
            print(coroutine.status(co))
            local nested = coroutine.wrap(function()
              local inner = coroutine.wrap(function() coroutine.yield(fake.echo("deep")) end)
              coroutine.yield(inner())
            end)
            print(nested())
            """, modules: [fake])
        #expect(text == "10\t20\t30\npage1\npage2\ntrue\tfirst\ntrue\tsecond\ndead\ndeep\n")
    }

    @Test func whereLuaCannotWaitTheErrorSaysWhereAndWhy() async {
        let folder = TemporaryFolder()
        folder.write("waits.lua", "fake.echo(1) return {}")
        let captured = Captured()
        let result = await run("""
            local function try(f) local ok, err = pcall(f) print(ok, err.kind, err.message) end
            try(function() table.sort({3, 1, 2}, function(a, b) fake.echo(1) return a < b end) end)
            try(function() tostring(setmetatable({}, {__tostring = function() return fake.echo("x") end})) end)
            try(function() string.gsub("abc", "%w", function(c) return fake.echo(c) end) end)
            try(function() require("waits") end)
            try(function()
              local gen = coroutine.wrap(function() coroutine.yield(fake.echo(1)) end)
              table.sort({1, 2}, function(a, b) gen() return a < b end)
            end)
            """, modules: [fake], captured: captured, directory: folder.path)
        #expect(result.error == nil, "\(result.error?.rendered ?? "")")
        let lines = captured.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines.allSatisfy { $0.hasPrefix("false\tusage\tfake.echo cannot wait") })
        #expect(lines[0].contains("table.sort comparator"))
        #expect(lines[1].contains("__tostring metamethod"))
        #expect(lines[2].contains("string.gsub replacement function"))
        #expect(lines[3].contains("top level of a module being loaded by require"))
        #expect(lines[4].contains("resumer cannot wait"))
    }

    @Test func aFinalizerCannotWait() async {
        let text = await output("""
            local seen
            setmetatable({}, {__gc = function() local ok, err = pcall(fake.echo, 1) seen = err.message end})
            local junk = {}
            for i = 1, 2e5 do junk[i % 100] = {i} if seen then break end end
            print(seen)
            """, modules: [fake])
        #expect(text.contains("cannot wait inside a __gc finalizer"), "\(text)")
    }

    @Test func spawnWaitAndCancel() async {
        let text = await output("""
            local a = onair.spawn(function(x) return fake.echo(x), "two" end, "one")
            local b = onair.spawn(function() onair.sleep(10) end)
            print(a:status(), b:status())
            print(a:wait())
            print(a:wait())
            b:cancel("no longer needed")
            print(pcall(b.wait, b))
            print(b:status())
            local c = onair.spawn(function() error({kind = "custom"}) end)
            local ok, err = pcall(c.wait, c)
            print(ok, type(err), err.kind)
            print(pcall(onair.spawn, 42))
            """, modules: [fake])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "pending\tpending")
        #expect(lines[1] == "one\ttwo")
        #expect(lines[2] == "one\ttwo")
        #expect(lines[3].hasPrefix("false") && lines[3].contains("no longer needed"))
        #expect(lines[4] == "cancelled")
        #expect(lines[5] == "false\ttable\tcustom")
        #expect(lines[6].contains("onair.spawn: argument #1: expected a function, got a number"))
    }

    @Test func childrenNeverOutliveTheirParent() async {
        let text = await output("""
            local parent = onair.spawn(function()
              onair.spawn(function()
                local guard <close> = setmetatable({}, {__close = function() print("child closed") end})
                onair.sleep(60)
                print("never")
              end)
              onair.sleep(0.01)
              return "parent done"
            end)
            print(parent:wait())
            """)
        #expect(text == "child closed\nparent done\n" || text == "parent done\nchild closed\n")
    }

    @Test func allRunsConcurrentlyBoundedAndInOrder() async {
        let text = await output("""
            local running, most = 0, 0
            local results = onair.all({1, 2, 3, 4, 5, 6}, function(x)
              running = running + 1
              if running > most then most = running end
              onair.sleep(0.05)
              running = running - 1
              return x * x
            end, { limit = 3 })
            print(table.concat(results, ","), most)
            """)
        #expect(text == "1,4,9,16,25,36\t3\n")
    }

    @Test func allRaisesTheFirstErrorAfterCancellingTheRest() async {
        let text = await output("""
            local finished = 0
            local ok, err = pcall(onair.all, {1, 2, 3}, function(x)
              if x == 2 then onair.sleep(0.01) error("item 2 failed") end
              onair.sleep(5)
              finished = finished + 1
            end)
            print(ok, err, finished)
            """)
        #expect(text.hasPrefix("false\t") && text.contains("item 2 failed") && text.hasSuffix("\t0\n"), "\(text)")
    }

    @Test func timeoutCancelsTheCallAndRaisesATimeoutError() async {
        let text = await output("""
            print(onair.timeout(1, function(a, b) return a + b end, 1, 2))
            local ok, err = pcall(onair.timeout, "50ms", function() onair.sleep(10) end)
            print(ok, err.kind, err.message)
            print(pcall(onair.timeout, "soon", function() end))
            """)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "3")
        #expect(lines[1] == "false\ttimeout\tonair.timeout: timed out after 50ms")
        #expect(lines[2].contains("expected a duration"))
    }

    @Test func durationsAcceptNumbersAndUnits() {
        #expect(LuaDuration.parse("90s") == .seconds(90))
        #expect(LuaDuration.parse("5m") == .seconds(300))
        #expect(LuaDuration.parse("1h30m") == .seconds(5400))
        #expect(LuaDuration.parse("250ms") == .milliseconds(250))
        #expect(LuaDuration.parse("1.5") == .milliseconds(1500))
        #expect(LuaDuration.parse("2x") == nil)
        #expect(LuaDuration.parse(.integer(-1)) == nil)
    }

    @Test func cancellingTheRunInterruptsRunningLua() async {
        let captured = Captured()
        let host = makeHost(captured: captured)
        let task = Task {
            await host.run(LuaScript(name: "c.lua", source: """
                local guard <close> = setmetatable({}, {__close = function() print("closed") end})
                while true do end
                """))
        }
        try? await Task.sleep(for: .milliseconds(100))
        task.cancel()
        let result = await task.value
        #expect(result.exitCode == 130)
        #expect(captured.output == "closed\n")
    }

    @Test func tasksWaitingOnEachOtherAreReportedAsDeadlock() async {
        let text = await output("""
            local a
            local b = onair.spawn(function() onair.sleep(0) return a:wait() end)
            a = onair.spawn(function() return b:wait() end)
            print(pcall(a.wait, a))
            """)
        #expect(text.contains("deadlock"), "\(text)")
    }
}
