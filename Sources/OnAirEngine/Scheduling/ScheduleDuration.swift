/// Durations as triggers write them: `"90s"`, `"5m"`, `"2h"`, `"1h30m"`, `"250ms"`, `"1d"`, `"1.5h"`.
///
/// Scheduling keeps its own parser rather than the Lua host's so the scheduling core depends on
/// nothing but Foundation, and so its errors can say which part of the text is wrong. Durations
/// are elapsed time (the DST rule never touches them) held to the millisecond.
public enum ScheduleDuration {
    private static let units: [(name: Substring, milliseconds: Double)] = [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// Parses a duration; `what` labels the input in errors (`start_within "5x"`).
    public static func parse(_ text: String, what: String = "duration") throws -> Duration {
        let input = ScheduleError.label(what, text)
        func fail(_ reason: String) -> ScheduleError { ScheduleError(kind: .invalidDuration, input: input, reason: reason) }
        var rest = Substring(text.filter { $0 != " " })
        guard !rest.isEmpty else { throw fail("is empty (write e.g. \"90s\", \"5m\", \"1h30m\")") }
        var total = 0.0
        var seen: Set<Substring> = []
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, let amount = Double(number) else {
                throw fail("expected a number at \"\(rest)\"")
            }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            guard let factor = units.first(where: { $0.name == unit.lowercased() })?.milliseconds else {
                if unit.isEmpty { throw fail("\(number) needs a unit (ms, s, m, h or d)") }
                throw fail("unknown unit \"\(unit)\" (use ms, s, m, h or d)")
            }
            guard seen.insert(Substring(unit.lowercased())).inserted else { throw fail("unit \"\(unit)\" appears twice") }
            rest = rest.dropFirst(unit.count)
            total += amount * factor
        }
        guard total.isFinite, total < 1e15 else { throw fail("is too long") }
        return .milliseconds(Int64(total.rounded()))
    }

    /// The canonical text of a duration, which `parse` reads back: `"1h30m"`, `"90s"` stays `"1m30s"`,
    /// `"250ms"`, `"0s"`.
    public static func format(_ duration: Duration) -> String {
        var ms = milliseconds(duration)
        if ms == 0 { return "0s" }
        var text = ms < 0 ? "-" : ""
        ms = abs(ms)
        for (name, factor) in units.reversed() {
            let size = Int64(factor)
            if ms >= size {
                text += "\(ms / size)\(name)"
                ms %= size
            }
        }
        return text
    }

    /// Whole milliseconds of a duration (rounded toward zero).
    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    /// Seconds of a duration as a `TimeInterval`, for `Date` arithmetic.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
