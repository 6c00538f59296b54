@testable import OnAirLua
import Testing

/// Each limit stops a script in bounded time, cannot be swallowed by pcall, and leaves the host
/// usable. (The exit codes are checked through the CLI in OnAirCLITests.)
@Suite struct LimitTests {
    static let quick = LuaLimits(memoryBytes: 16 << 20, cpuTime: .milliseconds(300))

    func expectLimit(_ source: String, _ limit: LuaError.Limit, limits: LuaLimits = quick,
                     within bound: Duration = .seconds(5), sourceLocation: SourceLocation = #_sourceLocation) async {
        let clock = ContinuousClock()
        let start = clock.now
        let result = await run(source, limits: limits)
        let elapsed = clock.now - start
        #expect(result.error?.kind == .limit, "\(result.error?.rendered ?? "no error")", sourceLocation: sourceLocation)
        #expect(result.error?.limit == limit, sourceLocation: sourceLocation)
        #expect(result.exitCode == 3, sourceLocation: sourceLocation)
        #expect(elapsed < bound, "took \(elapsed)", sourceLocation: sourceLocation)
    }

    @Test func anEndlessLoopHitsTheCPULimit() async {
        await expectLimit("while true do end", .cpu)
    }

    @Test func aLimitSwallowedByPcallStillEndsTheScript() async {
        await expectLimit("while true do pcall(function() while true do end end) end", .cpu)
        await expectLimit("local t = {} while true do pcall(function() t[#t + 1] = ('x'):rep(1 << 20) .. #t end) end", .memory)
    }

    @Test func aLoopInsideTheScriptsOwnCoroutineHitsTheLimit() async {
        await expectLimit("coroutine.wrap(function() while true do end end)()", .cpu)
        await expectLimit("local co = coroutine.create(function() while true do pcall(coroutine.yield) end end) while true do coroutine.resume(co) end", .cpu)
    }

    @Test func aMemoryBombHitsTheMemoryLimit() async {
        await expectLimit("local t = {} while true do t[#t + 1] = ('x'):rep(1e5) .. #t end", .memory)
        await expectLimit("local s = 'x' while true do s = s .. s end", .memory)
        await expectLimit("local t = {} for i = 1, 1e9 do t[i] = i end", .memory)
    }

    @Test func aHugeStringRepHitsTheMemoryLimit() async {
        await expectLimit("local s = string.rep('x', 1e10)", .memory)
        await expectLimit("print(pcall(string.rep, 'x', 1e9)) print('went on')", .memory)
        #expect(await output("print(#string.rep('', 1e15), #string.rep('ab', 3, ''))", limits: Self.quick) == "0\t6\n")
    }

    @Test func pathologicalPatternsHitTheCPULimit() async {
        await expectLimit("string.find(('a'):rep(400), 'a*a*a*b')", .cpu)
        await expectLimit("for w in string.gmatch(('a'):rep(1e6), '.-b') do end", .cpu)
        await expectLimit("string.gsub(('a'):rep(3000), 'a*a*a*a*b', '')", .cpu)
        await expectLimit("local s = ('a'):rep(1e6) print(s:match(('.-'):rep(20) .. 'x'))", .cpu)
    }

    @Test func longCLoopsOverTablesHitTheCPULimit() async {
        await expectLimit("table.move({}, 1, 1e12, 2)", .cpu)
        await expectLimit("local t = setmetatable({}, {__len = function() return 1e12 end}) table.insert(t, 1, 'x')", .cpu)
    }

    @Test func waitingDoesNotCountAsCPUTime() async {
        let result = await run("for i = 1, 5 do onair.sleep(0.1) end", limits: LuaLimits(cpuTime: .milliseconds(100)))
        #expect(result.error == nil)
        #expect(result.cpuTime < .milliseconds(100))
    }

    @Test func theHostStaysUsableAfterALimit() async {
        let host = makeHost(limits: Self.quick)
        let first = await host.run(LuaScript(name: "a.lua", source: "while true do end"))
        #expect(first.error?.limit == .cpu)
        let second = await host.run(LuaScript(name: "b.lua", source: "return 1 + 1"))
        #expect(second.values == [2])
    }

    @Test func aBindingReturningMoreThanTheLimitIsCaughtAtTheNextAllocation() async {
        // Host pushes never fail; the limit catches up in guest code.
        let big = LuaModule("big", functions: [LuaFunction("payload") { _ in .value(.text(String(repeating: "x", count: 4 << 20))) }])
        let result = await run("local s = big.payload() local t = {} for i = 1, 10 do t[i] = s .. i end",
                               limits: LuaLimits(memoryBytes: 2 << 20), modules: [big])
        #expect(result.error?.limit == .memory)
    }

    @Test func limitMessagesNameTheLimit() {
        let limits = LuaLimits()
        #expect(LuaError.limitExceeded(.cpu, limits).message == "CPU time limit exceeded (10 s)")
        #expect(LuaError.limitExceeded(.memory, limits).message == "memory limit exceeded (64 MiB)")
        #expect(LuaError.limitExceeded(.wallClock, LuaLimits(wallClock: .seconds(30))).message == "wall-clock timeout (30 s)")
    }
}
