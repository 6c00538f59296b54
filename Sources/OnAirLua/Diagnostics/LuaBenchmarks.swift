internal import CLua

/// Measurements of the host's own overhead, for the benchmark executable: each figure comes with
/// a baseline measured in the same run.
public enum LuaBenchmarks {
    /// Nanoseconds per call of `x = f(x)` in a Lua loop, for a Swift binding and for a plain C
    /// function registered and called the same way (a C closure in a local), minus the loop alone.
    public struct CallOverhead: Sendable {
        public var swiftBinding: Double
        public var cFunction: Double
        public var ratio: Double { swiftBinding / cFunction }
    }

    public static func callOverhead(iterations: Int) async throws -> CallOverhead {
        let identity = LuaFunction("identity") { call in
            call.pushInteger(try call.integer(1))
            return .one
        }
        let module = LuaModule("bench", functions: [identity])
        let vm = try LuaVM(configuration: LuaHostConfiguration(limits: LuaLimits(cpuTime: .seconds(600)), modules: [module]))
        defer { vm.close() }
        vm.makeEnvironment(arguments: .nil)
        // The C baseline, in the environment beside the Swift binding.
        LuaStack.pushRegistryValue(vm.L, vm.environmentRef)
        lua_pushcclosure(vm.L, clua_bench_identity_function(), 0)
        LuaStack.setField(vm.L, -2, "c_identity")
        lua_settop(vm.L, -2)
        func time(_ function: String, _ statement: String) throws -> Double {
            let source = """
                local f = \(function)
                local clock = os.clock
                local best = math.huge
                for round = 1, 5 do
                  local x = 0
                  local start = clock()
                  for i = 1, \(iterations) do \(statement) end
                  local elapsed = clock() - start
                  if elapsed < best then best = elapsed end
                end
                return best
                """
            try vm.load(LuaScript(name: "bench", source: source))
            let task = vm.makeTask(from: vm.L, arguments: 0, parent: nil)
            vm.runReadyTasks()
            guard case .done(true) = task.state else { throw vm.readError(at: -1, on: task.thread) }
            return clua_tonumber(task.thread, -1) * 1e9 / Double(iterations)
        }
        var swift = Double.infinity
        var c = Double.infinity
        var loop = Double.infinity
        for _ in 0..<3 {
            loop = min(loop, try time("nil", "x = x + 0"))
            swift = min(swift, try time("bench.identity", "x = f(x)"))
            c = min(c, try time("c_identity", "x = f(x)"))
        }
        return CallOverhead(swiftBinding: max(swift - loop, 0.001), cFunction: max(c - loop, 0.001))
    }
    /// Microseconds per park/resume round trip of an async binding whose work completes at once.
    public static func parkResumeRoundTrip(iterations: Int) async -> Double {
        let now = LuaFunction("immediately") { _ in .wait { [] } }
        let host = LuaHost(configuration: LuaHostConfiguration(
            limits: LuaLimits(cpuTime: .seconds(600)), modules: [LuaModule("bench", functions: [now])]))
        let script = LuaScript(name: "bench", source: "for i = 1, \(iterations) do bench.immediately() end")
        let clock = ContinuousClock()
        let start = clock.now
        let result = await host.run(script)
        let elapsed = clock.now - start
        precondition(result.error == nil, "\(result.error!)")
        return LuaDuration.seconds(elapsed) * 1e6 / Double(iterations)
    }
}
