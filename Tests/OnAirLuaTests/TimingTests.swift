@testable import OnAirLua
import Testing

/// Tests whose point is elapsed time. They run on their own, one at a time (`scripts/test` runs
/// them after the rest), so CPU-heavy tests elsewhere cannot distort what they measure.
@Suite(.serialized) struct TimingTests {
    @Test func aThousandScriptsWaitingConcurrentlyFinishInUnderHalfASecond() async {
        let host = makeHost(modules: [echoAfter(.milliseconds(100))])
        let clock = ContinuousClock()
        let start = clock.now
        let failures = await withTaskGroup(of: Int.self) { group in
            for index in 0..<1000 {
                group.addTask {
                    let result = await host.run(LuaScript(name: "s\(index).lua", source: "return fake.echo(\(index))"))
                    return result.values == [.integer(Int64(index))] ? 0 : 1
                }
            }
            return await group.reduce(0, +)
        }
        let elapsed = clock.now - start
        #expect(failures == 0)
        #expect(elapsed < .milliseconds(500), "1,000 scripts took \(elapsed)")
    }

    @Test func cancellingTheRunInterruptsAParkedScriptAndRunsItsCloseHandlers() async {
        let captured = Captured()
        let host = makeHost(captured: captured)
        let task = Task {
            await host.run(LuaScript(name: "c.lua", source: """
                local guard <close> = setmetatable({}, {__close = function() print("closed") end})
                onair.sleep(60)
                """))
        }
        try? await Task.sleep(for: .milliseconds(100))
        let clock = ContinuousClock()
        let start = clock.now
        task.cancel()
        let result = await task.value
        #expect(clock.now - start < .seconds(1))
        #expect(result.exitCode == 130)
        #expect(captured.output == "closed\n")
    }

    @Test func theWallClockLimitStopsAWaitingScript() async {
        var limits = LimitTests.quick
        limits.wallClock = .milliseconds(200)
        await LimitTests().expectLimit("onair.sleep(30)", .wallClock, limits: limits, within: .seconds(2))
        await LimitTests().expectLimit("while true do end", .wallClock, limits: LuaLimits(cpuTime: .seconds(30), wallClock: .milliseconds(200)))
    }

    @Test func waitsRunConcurrently() async {
        let clock = ContinuousClock()
        let start = clock.now
        let text = await output("print(#onair.all({1, 2, 3, 4, 5, 6}, function(x) onair.sleep(0.1) return x end, {limit = 3}))")
        #expect(text == "6\n")
        let elapsed = clock.now - start
        #expect(elapsed >= .milliseconds(200) && elapsed < .milliseconds(500), "two rounds of 100 ms took \(elapsed)")
    }
}
