@testable import OnAirLua
import Testing

/// The wrapped coroutine library behaves like Lua's, and the host survives the crash bugs of the
/// Lua 5.4.4 it links (lua.org/bugs.html).
@Suite struct CoroutineTests {
    @Test func coroutineSemanticsArePreserved() async {
        let text = await output("""
            local co = coroutine.create(function(a, b)
              local c = coroutine.yield(a + b)
              local d, e = coroutine.yield(c * 2)
              return d + e
            end)
            print(coroutine.resume(co, 1, 2))
            print(coroutine.status(co), coroutine.isyieldable())
            print(coroutine.resume(co, 10))
            print(coroutine.resume(co, 3, 4))
            print(coroutine.status(co), coroutine.resume(co))
            local w = coroutine.wrap(function() error("inside") end)
            print(pcall(w))
            local w2 = coroutine.wrap(function() error({code = 7}) end)
            print(select(2, pcall(w2)).code)
            print(coroutine.running())
            print(pcall(coroutine.yield, 1))
            local c2 = coroutine.create(function() local x <close> = setmetatable({}, {__close = function() print("closed") end}) coroutine.yield() end)
            coroutine.resume(c2)
            print(coroutine.close(c2), coroutine.status(c2))
            """)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "true\t3")
        #expect(lines[1] == "suspended\ttrue")
        #expect(lines[2] == "true\t20")
        #expect(lines[3] == "true\t7")
        #expect(lines[4] == "dead\tfalse\tcannot resume dead coroutine")
        #expect(lines[5] == "false\ttest.lua:11: inside")
        #expect(lines[6] == "7")
        #expect(lines[7].hasPrefix("thread:") && lines[7].hasSuffix("\tfalse"))
        #expect(lines[8] == "false\tattempt to yield from outside a coroutine")
        #expect(lines[9] == "closed")
        #expect(lines[10] == "true\tdead")
    }

    @Test func deeplyNestedCoroutineCloseIsRefusedInsteadOfCrashing() async {
        // Lua 5.4.4 bug: nested coroutine.close overflows the C stack (a segfault in lua5.4).
        let result = await run("""
            local coro = false
            for i = 1, 5000 do
              local previous = coro
              coro = coroutine.create(function()
                local cc <close> = setmetatable({}, {__close = function()
                  if previous then assert(coroutine.close(previous)) end
                end})
                coroutine.yield()
              end)
              assert(coroutine.resume(coro))
            end
            return coroutine.close(coro)
            """)
        #expect(result.error == nil, "\(result.error?.rendered ?? "")")
        #expect(result.values.first == .boolean(false), "the innermost close reports the depth error")
    }

    @Test func errorsWhileHandlingErrorsAndDeepRecursionAreErrors() async {
        let text = await output("""
            local function loop(x) return 1 + loop(x) end
            print(xpcall(loop, loop))
            local function down(n) return down(n + 1) + 1 end
            local ok, err = pcall(down, 1)
            print(ok, err:find("stack overflow") ~= nil)
            print(pcall(string.rep, "x", -1))
            print(utf8.len("\\xff"), pcall(utf8.codepoint, "\\xff"))
            print(pcall(string.format, "%d", 1.5))
            print(select("#", table.unpack({}, 1, 100)), pcall(table.unpack, {}, 1, 1e8))
            """)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("false"))
        #expect(lines[1] == "false\ttrue")
        #expect(lines[2] == "true\t")
        #expect(lines[3].hasPrefix("nil\tfalse"))
        #expect(lines[4].hasPrefix("false"))
        #expect(lines[5].hasPrefix("100\tfalse"))
    }

    @Test func aTaskCannotBeResumedOrClosedAsACoroutine() async {
        let text = await output("""
            local parked = coroutine.create(function() onair.sleep(0.05) return "slept" end)
            local watcher = onair.spawn(function()
              onair.sleep(0.01)
              print(coroutine.resume(parked))
              print(pcall(coroutine.close, parked))
            end)
            print(coroutine.resume(parked))
            watcher:wait()
            """)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "false\tcannot resume a coroutine that is waiting on a host call")
        #expect(lines[1].hasPrefix("false") && lines[1].contains("waiting on a host call"))
        #expect(lines[2] == "true\tslept")
    }
}
