import OnAirLua

/// Prints the host's overhead figures, each against a baseline measured in the same run.
/// Build in release mode: `swift run -c release onair-bench`.
let calls = try await LuaBenchmarks.callOverhead(iterations: 2_000_000)
print("synchronous binding call: \(format(calls.swiftBinding)) ns (baseline C function \(format(calls.cFunction)) ns, ratio \(format(calls.ratio))x, target <= 1.5x)")
let roundTrip = await LuaBenchmarks.parkResumeRoundTrip(iterations: 100_000)
print("park/resume round trip: \(format(roundTrip)) us per async call (target <= 5 us host overhead)")

func format(_ value: Double) -> String {
    let scaled = (value * 100).rounded() / 100
    return "\(scaled)"
}
