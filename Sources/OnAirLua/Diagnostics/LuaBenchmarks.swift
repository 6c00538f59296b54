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

    /// The Swift side of the comparison: what `clua_bench_identity` does in C.
    static let identity = LuaFunction("identity") { call in
        call.pushInteger(try call.integer(1))
        return .one
    }

    /// A state with `bench.identity` (Swift) and `c_identity` (C) side by side in its environment.
    static func makeCallVM() throws -> LuaVM {
        let vm = try LuaVM(configuration: LuaHostConfiguration(
            limits: LuaLimits(cpuTime: .seconds(600)), modules: [LuaModule("bench", functions: [identity])]))
        vm.makeEnvironment(arguments: .nil)
        LuaStack.pushRegistryValue(vm.L, vm.environmentRef)
        lua_pushcclosure(vm.L, clua_bench_identity_function(), 0)
        LuaStack.setField(vm.L, -2, "c_identity")
        lua_settop(vm.L, -2)
        return vm
    }

    public static func callOverhead(iterations: Int) async throws -> CallOverhead {
        let vm = try makeCallVM()
        defer { vm.close() }
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
    /// Runs `x = f(x)` once `iterations` times with the Swift binding (`swift`) or the C baseline
    /// (`c`), for instruction counting under callgrind: the difference between two iteration counts
    /// is the cost of the calls alone, free of timing noise.
    public static func callLoop(variant: String, iterations: Int) throws {
        let vm = try makeCallVM()
        defer { vm.close() }
        let function = variant == "c" ? "c_identity" : "bench.identity"
        try vm.load(LuaScript(name: "bench", source: "local f, x = \(function), 0 for i = 1, \(iterations) do x = f(x) end"))
        let task = vm.makeTask(from: vm.L, arguments: 0, parent: nil)
        vm.runReadyTasks()
        guard case .done(true) = task.state else { throw vm.readError(at: -1, on: task.thread) }
    }

    /// Seconds for `count` scripts, each in its own state, each awaiting one `delay` call, all at once.
    public static func concurrentScripts(count: Int, delay: Duration) async -> Double {
        let wait = LuaFunction("wait") { _ in .wait { try await Task.sleep(for: delay); return [] } }
        let host = LuaHost(configuration: LuaHostConfiguration(modules: [LuaModule("bench", functions: [wait])]))
        let clock = ContinuousClock()
        let start = clock.now
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask { _ = await host.run(LuaScript(name: "s\(index)", source: "bench.wait()")) }
            }
        }
        return LuaDuration.seconds(clock.now - start)
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

extension LuaBenchmarks {
    /// Microseconds to create a state, run an empty script in it and close it.
    public static func emptyRun(iterations: Int) async -> Double {
        let host = LuaHost()
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<iterations { _ = await host.run(LuaScript(name: "empty", source: "")) }
        return LuaDuration.seconds(clock.now - start) * 1e6 / Double(iterations)
    }
}
