/// Durations as scripts write them: a number of seconds, or a string such as "90s", "5m", "2h",
/// "1h30m", "250ms" or "1.5s".
public enum LuaDuration {
    /// The longest duration a script may give: a hundred years. Anything longer is a mistake, and
    /// bounding it keeps every conversion in range (milliseconds as `Int64`, and the nanoseconds a
    /// clock's deadline needs), so `onair.sleep(1e300)` is an argument error instead of a trap.
    public static let maximumSeconds: Double = 100 * 365 * 86400

    public static func parse(_ value: LuaValue) -> Duration? {
        switch value {
        case .integer(let i): return i >= 0 && Double(i) <= maximumSeconds ? .seconds(i) : nil
        case .number(let d): return milliseconds(seconds: d)
        case .string(let s): return s.text.flatMap(parse)
        default: return nil
        }
    }

    /// Whole milliseconds of `seconds`, or nil when it is negative, not finite or too long.
    private static func milliseconds(seconds: Double) -> Duration? {
        guard seconds >= 0, seconds <= maximumSeconds else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    public static func parse(_ text: String) -> Duration? {
        let factors: [Substring: Double] = ["ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400]
        var rest = Substring(text.trimmingCharacters(in: " "))
        if rest.isEmpty { return nil }
        if let seconds = Double(rest) { return milliseconds(seconds: seconds) }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let amount = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            guard let factor = factors[unit] else { return nil }
            rest = rest.dropFirst(unit.count)
            total += amount * factor
        }
        return milliseconds(seconds: total)
    }

    /// "10 s", "1.5 s", "2 min", "250 ms": how limit messages name a duration.
    public static func describe(_ duration: Duration) -> String {
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if ms < 1000 { return "\(ms) ms" }
        if ms % 1000 == 0 { return "\(ms / 1000) s" }
        return "\(Double(ms) / 1000) s"
    }

    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
