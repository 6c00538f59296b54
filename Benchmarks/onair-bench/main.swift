import OnAirLua

/// The host's overhead figures, each against a baseline measured in the same run.
/// `scripts/bench` builds in release mode, runs this, and adds instruction counts from callgrind.
///
///   onair-bench                      timing figures
///   onair-bench loop swift|c N       one call loop, for instruction counting
let arguments = CommandLine.arguments.dropFirst()
if arguments.first == "empty" {
    print(await LuaBenchmarks.emptyRun(iterations: 5000))
} else if arguments.first == "loop", arguments.count == 3, let iterations = Int(arguments.last!) {
    try LuaBenchmarks.callLoop(variant: Array(arguments)[1], iterations: iterations)
} else {
    let calls = try await LuaBenchmarks.callOverhead(iterations: 1_000_000)
    print("synchronous binding call: \(format(calls.swiftBinding)) ns (baseline C function \(format(calls.cFunction)) ns, ratio \(format(calls.ratio))x, target <= 1.5x)")
    let roundTrip = await LuaBenchmarks.parkResumeRoundTrip(iterations: 100_000)
    print("park/resume round trip: \(format(roundTrip)) us per async call (target <= 5 us host overhead)")
    let empty = await LuaBenchmarks.emptyRun(iterations: 2000)
    print("state set-up, empty script, close: \(format(empty)) us")
    let thousand = await LuaBenchmarks.concurrentScripts(count: 1000, delay: .milliseconds(100))
    print("1,000 scripts each awaiting a 100 ms call: \(format(thousand)) s (target < 0.5 s)")
}

func format(_ value: Double) -> String {
    let scaled = (value * 100).rounded() / 100
    return "\(scaled)"
}
