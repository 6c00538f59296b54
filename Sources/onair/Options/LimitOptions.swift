import ArgumentParser
import OnAirLua

/// The sandbox limits every script runs under, as flags.
struct LimitOptions: ParsableArguments {
    @Option(name: .customLong("memory-limit"), help: "Lua heap a script may use, e.g. 64MiB, 512KiB, 1GiB (default 64MiB).")
    var memoryLimit: String?

    @Option(name: .customLong("cpu-limit"), help: "Seconds of Lua execution a script may use, e.g. 10, 2.5s, 1m (default 10s). Waiting on providers does not count.")
    var cpuLimit: String?

    @Option(name: .customLong("timeout"), help: "Wall-clock limit for the whole run, waiting included, e.g. 30s, 5m (default: none).")
    var timeout: String?

    func limits() throws -> LuaLimits {
        var limits = LuaLimits()
        if let memoryLimit {
            guard let bytes = Self.parseBytes(memoryLimit), bytes > 0 else {
                throw ValidationError("--memory-limit: expected a size such as 64MiB or 512KiB, got '\(memoryLimit)'")
            }
            limits.memoryBytes = bytes
        }
        if let cpuLimit {
            guard let duration = LuaDuration.parse(cpuLimit), duration > .zero else {
                throw ValidationError("--cpu-limit: expected a duration such as 10, 2.5s or 1m, got '\(cpuLimit)'")
            }
            limits.cpuTime = duration
        }
        if let timeout {
            guard let duration = LuaDuration.parse(timeout), duration > .zero else {
                throw ValidationError("--timeout: expected a duration such as 30s or 5m, got '\(timeout)'")
            }
            limits.wallClock = duration
        }
        return limits
    }

    /// "64MiB", "64M", "512KiB", "1GiB", "1048576".
    static func parseBytes(_ text: String) -> Int? {
        let units: [(String, Int)] = [
            ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("GB", 1_000_000_000), ("MB", 1_000_000),
            ("KB", 1_000), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10), ("B", 1),
        ]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value >= 0 else { return nil }
            return Int(value * Double(factor))
        }
        return Int(text)
    }
}
