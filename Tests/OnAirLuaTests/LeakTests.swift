@testable import OnAirLua
import Testing

/// Nothing the host hands to Lua outlives what holds it: errors, cancellations and userdata all
/// release their Swift objects, during the run (by the garbage collector) and at the end.
@Suite struct LeakTests {
    static let budget = LuaLimits(cpuTime: .seconds(60))

    @Test func tenThousandErrorsLeakNothing() async {
        let diagnostics = LuaDiagnostics()
        let result = await makeHost(limits: Self.budget, modules: [echoAfter(.zero)], diagnostics: diagnostics).run(
            LuaScript(name: "errors.lua", source: """
                local caught = 0
                for i = 1, 10000 do
                  if not pcall(fake.check, i) then caught = caught + 1 end
                end
                for i = 1, 10000 do
                  local ok = pcall(fake.fail, "x")
                  if not ok then caught = caught + 1 end
                end
                return caught
                """))
        #expect(result.values == [20000])
        #expect(diagnostics.openStates == 0)
        #expect(diagnostics.heldObjects == 0)
        #expect(diagnostics.liveBindings == 0)
    }

    @Test func tenThousandCancellationsLeakNothing() async {
        let diagnostics = LuaDiagnostics()
        let result = await makeHost(limits: Self.budget, diagnostics: diagnostics).run(
            LuaScript(name: "cancel.lua", source: """
                local cancelled = 0
                for i = 1, 10000 do
                  local t = onair.spawn(function() onair.sleep(60) end)
                  onair.sleep(0)
                  t:cancel()
                  if not pcall(t.wait, t) then cancelled = cancelled + 1 end
                end
                return cancelled
                """))
        #expect(result.values == [10000], "\(result.error?.rendered ?? "")")
        #expect(diagnostics.openStates == 0)
        #expect(diagnostics.heldObjects == 0)
    }

    @Test func tenThousandUserdataAreCollectedDuringTheRun() async {
        let diagnostics = LuaDiagnostics()
        let peak = LuaModule("probe", functions: [
            LuaFunction("held") { _ in .value(.integer(Int64(diagnostics.heldObjects))) },
        ])
        let result = await makeHost(limits: Self.budget, modules: [peak], diagnostics: diagnostics).run(
            LuaScript(name: "userdata.lua", source: """
                local most = 0
                for i = 1, 10000 do
                  local t = onair.spawn(function() return i end)
                  t:wait()
                  local held = probe.held()
                  if held > most then most = held end
                end
                return most
                """))
        let most = try! #require(result.values.first?.integerValue)
        #expect(most < 10000, "the collector released task handles while the script ran (most held at once: \(most))")
        #expect(diagnostics.heldObjects == 0)
        #expect(diagnostics.openStates == 0)
    }

    @Test func closingAStateWithWorkInFlightLeavesNothingBehind() async {
        let diagnostics = LuaDiagnostics()
        let result = await makeHost(limits: Self.budget, modules: [echoAfter(.seconds(30))], diagnostics: diagnostics).run(
            LuaScript(name: "inflight.lua", source: """
                for i = 1, 100 do onair.spawn(function() fake.echo(i) end) end
                onair.sleep(0.01)
                return "left"
                """))
        #expect(result.values == ["left"])
        #expect(diagnostics.openStates == 0)
        #expect(diagnostics.heldObjects == 0)
    }
}
