import Benchmark
import Foundation
import OnAirEngine
import OnAirLua
import Synchronization

// The in-process figures of `scripts/bench`, run by the ordo-one harness
// (`swift package benchmark`, each benchmark in its own process). `scripts/lib/bench_report.py`
// turns the harness's percentiles into the suite's lines: per-call costs come from the
// difference between a loop of calls and the same state set up with no calls.
//
// Times are in nanoseconds; the custom metrics say their own unit in their name.

/// Calls in one loop of the binding-call benchmarks; `bench_report.py` divides by it.
let callLoopIterations = 200_000
/// Async calls in one park/resume benchmark run.
let parkResumeIterations = 10_000
/// Scripts parked at once in the memory benchmark.
let parkedScripts = 1_000
/// Triggers armed in the lateness benchmark.
let armedTriggers = 1_000

let luaHeapPerScript = BenchmarkMetric.custom("lua heap bytes per parked script", useScalingFactor: false)
let rssPerScript = BenchmarkMetric.custom("rss bytes per parked script", useScalingFactor: false)
let fireLateness = BenchmarkMetric.custom("fire lateness us", useScalingFactor: false)
let earlyFires = BenchmarkMetric.custom("early fires", useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock], timeUnits: .nanoseconds, warmupIterations: 2, scalingFactor: .one,
        maxDuration: .seconds(3), maxIterations: 50)

    // A synchronous binding against a plain C function registered and called the same way
    // (`x = f(x)` in a Lua loop); "setup" is the same state with no calls, subtracted from both.
    for variant in ["swift", "c"] {
        Benchmark("binding call \(variant) x\(callLoopIterations)") { _ in
            try LuaBenchmarks.callLoop(variant: variant, iterations: callLoopIterations)
        }
    }
    Benchmark("binding call setup") { _ in
        try LuaBenchmarks.callLoop(variant: "swift", iterations: 0)
    }

    // An async binding whose work is done at once: park, run the work, resume.
    Benchmark("park resume x\(parkResumeIterations)") { _ in
        let immediately = LuaFunction("immediately") { _ in .wait { [] } }
        let host = LuaHost(configuration: LuaHostConfiguration(
            limits: LuaLimits(cpuTime: .seconds(600)), modules: [LuaModule("bench", functions: [immediately])]))
        let result = await host.run(LuaScript(
            name: "park.lua", source: "for i = 1, \(parkResumeIterations) do bench.immediately() end"))
        precondition(result.error == nil, "\(result.error!)")
    }

    // 1,000 scripts, each in its own state, each awaiting one 100 ms call, all at once.
    Benchmark("1000 scripts awaiting 100 ms", configuration: .init(warmupIterations: 1, maxIterations: 10)) { _ in
        let wait = LuaFunction("wait") { _ in .wait { try await Task.sleep(for: .milliseconds(100)); return [] } }
        let host = LuaHost(configuration: LuaHostConfiguration(modules: [LuaModule("bench", functions: [wait])]))
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<1000 {
                group.addTask {
                    let result = await host.run(LuaScript(name: "s\(index).lua", source: "bench.wait()"))
                    precondition(result.error == nil, "\(result.error!)")
                }
            }
        }
    }

    // Memory per parked script: N scripts park on a call that does not finish until every one
    // is parked and measured. Lua heap: what each state's allocator holds at the moment it parks
    // (collectgarbage("count"), passed to the binding). RSS: the process's resident set growth
    // from before the scripts start to when all are parked, over N; it includes the Swift side
    // (state object, task, continuation) and allocator slack. One run per process, no warm-up,
    // so freed memory from an earlier iteration cannot hide growth.
    Benchmark(
        "memory per parked script",
        configuration: .init(
            metrics: [.wallClock, luaHeapPerScript, rssPerScript],
            units: [luaHeapPerScript: .count, rssPerScript: .count], warmupIterations: 0, maxIterations: 1)
    ) { benchmark in
        let gate = Gate()
        let park = LuaFunction("park") { call in
            let kilobytes = try call.number(1)
            gate.parked(heapBytes: Int(kilobytes * 1024))
            return .wait { await gate.wait(); return [] }
        }
        let host = LuaHost(configuration: LuaHostConfiguration(modules: [LuaModule("bench", functions: [park])]))
        // One script first, so that process-wide caches (the host's compiled Lua, the runtime's
        // metadata) are not counted as per-script memory.
        let warmPark = LuaFunction("park") { _ in .wait { [] } }
        _ = await LuaHost(configuration: LuaHostConfiguration(modules: [LuaModule("bench", functions: [warmPark])]))
            .run(LuaScript(name: "warm.lua", source: "bench.park(collectgarbage('count'))"))

        let before = residentBytes()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<parkedScripts {
                group.addTask {
                    let result = await host.run(LuaScript(name: "p\(index).lua", source: "bench.park(collectgarbage('count'))"))
                    precondition(result.error == nil, "\(result.error!)")
                }
            }
            await gate.waitUntilParked(parkedScripts)
            let after = residentBytes()
            benchmark.measurement(rssPerScript, (after - before) / parkedScripts)
            benchmark.measurement(luaHeapPerScript, gate.heapBytes / parkedScripts)
            gate.open()
        }
    }

    // Fire lateness: 1,000 one-off triggers over the next few seconds on one TriggerTimer driven
    // by the continuous clock; lateness is when `perform` sees `.startRun` minus the occurrence's
    // instant (wall clock). An early fire is counted, not hidden: it would be a negative lateness.
    Benchmark(
        "trigger fire lateness",
        configuration: .init(
            metrics: [fireLateness, earlyFires], units: [fireLateness: .count, earlyFires: .count],
            warmupIterations: 0, maxIterations: 1)
    ) { benchmark in
        let fires = Mutex<[(scheduled: Date, fired: Date)]>([])
        let timer = TriggerTimer(clock: ContinuousClock()) { output in
            if case .startRun(let occurrence) = output.action {
                let now = Date()
                fires.withLock { $0.append((occurrence.scheduled, now)) }
            }
        }
        let start = Date().addingTimeInterval(0.5)
        for index in 0..<armedTriggers {
            // Spread over 3 s: every 3 ms, moved by a varying fraction of a millisecond.
            let offset = Double(index) * 0.003 + Double((index * 7919) % 1000) / 1_000_000
            await timer.add("t\(index)", spec: .at(AtSchedule(instant: start.addingTimeInterval(offset))), cursor: Date())
        }
        let running = Task { await timer.run() }
        while fires.withLock({ $0.count }) < armedTriggers, Date() < start.addingTimeInterval(10) {
            try await Task.sleep(for: .milliseconds(50))
        }
        running.cancel()
        await running.value
        let recorded = fires.withLock { $0 }
        precondition(recorded.count == armedTriggers, "\(recorded.count) of \(armedTriggers) triggers fired")
        var early = 0
        for fire in recorded {
            let lateness = fire.fired.timeIntervalSince(fire.scheduled)
            if lateness < 0 { early += 1 }
            benchmark.measurement(fireLateness, Int((max(lateness, 0) * 1_000_000).rounded()))
        }
        benchmark.measurement(earlyFires, early)
    }
}

/// Holds parked calls until `open`, and counts what parked.
final class Gate: Sendable {
    private struct State {
        var opened = false
        var parked = 0
        var heapBytes = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
        var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    var heapBytes: Int { state.withLock { $0.heapBytes } }

    func parked(heapBytes: Int) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.parked += 1
            state.heapBytes += heapBytes
            let (done, left) = (state.watchers.filter { $0.count <= state.parked }, state.watchers.filter { $0.count > state.parked })
            state.watchers = left
            return done.map(\.continuation)
        }
        for continuation in ready { continuation.resume() }
    }

    func waitUntilParked(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.parked >= count { return true }
                state.watchers.append((count, continuation))
                return false
            }
            if now { continuation.resume() }
        }
        // Let the last scripts finish yielding and the scheduler settle.
        try? await Task.sleep(for: .milliseconds(200))
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.opened { return true }
                state.waiting.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    func open() {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.opened = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }
}

/// The process's resident set, from /proc/self/statm (pages × page size).
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
