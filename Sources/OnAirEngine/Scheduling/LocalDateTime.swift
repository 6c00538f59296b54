/// A wall-clock reading with no zone: what a clock on the wall shows, e.g. 2026-03-29 02:30.
///
/// Triggers are written in wall-clock terms and only become instants in a zone, through the DST
/// rule (`ScheduleZone.resolve`). Arithmetic here is plain proleptic-Gregorian integer arithmetic
/// on "local seconds" (seconds since 1970-01-01 00:00 on the same wall clock), so computing
/// occurrences needs no `Calendar` and gives the same answer on every machine.
public struct LocalDateTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int
    public let hour: Int
    public let minute: Int
    public let second: Int

    /// Returns nil for a date-time that is not in the calendar (February 30, 24:00, minute 60).
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// The wall-clock reading `localSeconds` seconds after 1970-01-01 00:00.
    init(localSeconds: Int64) {
        let days = Self.floorDivide(localSeconds, 86_400)
        let time = Int(localSeconds - days * 86_400)
        let (y, m, d) = Self.civil(fromDays: days)
        year = y
        month = m
        day = d
        hour = time / 3600
        minute = time % 3600 / 60
        second = time % 60
    }

    /// Seconds since 1970-01-01 00:00 on the same wall clock (as if the zone were UTC).
    var localSeconds: Int64 {
        Self.days(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Days since 1970-01-01 of this reading's date.
    var dayNumber: Int64 { Self.days(year: year, month: month, day: day) }

    /// 0 = Sunday … 6 = Saturday, as cron counts.
    public var weekday: Int { Self.weekday(ofDay: dayNumber) }

    /// Seconds since midnight.
    var secondOfDay: Int { hour * 3600 + minute * 60 + second }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool { a.localSeconds < b.localSeconds }

    /// `2026-03-29 02:30`, with `:SS` only when the seconds are not zero.
    public var description: String { "\(dateText) \(timeText)" }

    /// `2026-03-29`
    public var dateText: String { "\(Self.pad(year, 4))-\(Self.pad(month))-\(Self.pad(day))" }

    /// `02:30`, or `02:30:15` when the seconds are not zero.
    public var timeText: String {
        "\(Self.pad(hour)):\(Self.pad(minute))" + (second == 0 ? "" : ":\(Self.pad(second))")
    }

    /// `2026-03-29T02:30:00`: the stored form.
    public var isoText: String { "\(dateText)T\(Self.pad(hour)):\(Self.pad(minute)):\(Self.pad(second))" }

    // MARK: Parsing

    /// Reads `2026-12-04 19:00`, `2026-12-04T19:00`, `2026-12-04 19:00:30`; returns the reading and
    /// whatever follows it (a UTC offset, for `at`). `input` labels errors.
    static func parsePrefix(_ text: Substring, input: String) throws -> (LocalDateTime, rest: Substring) {
        func fail(_ reason: String) -> ScheduleError { ScheduleError(kind: .invalidTime, input: input, reason: reason) }
        let shape = "expected YYYY-MM-DD HH:MM (or YYYY-MM-DDTHH:MM:SS)"
        var rest = text
        func number(_ digits: Int, _ name: String) throws -> Int {
            let part = rest.prefix(digits)
            guard part.count == digits, part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(part) else {
                throw fail("\(shape); the \(name) is missing or not \(digits) digits")
            }
            rest = rest.dropFirst(digits)
            return value
        }
        func expect(_ separators: Set<Character>, after name: String) throws {
            guard let first = rest.first, separators.contains(first) else { throw fail("\(shape); nothing valid after the \(name)") }
            rest = rest.dropFirst()
        }
        let year = try number(4, "year")
        try expect(["-"], after: "year")
        let month = try number(2, "month")
        try expect(["-"], after: "month")
        let day = try number(2, "day")
        try expect([" ", "T", "t"], after: "date")
        let hour = try number(2, "hour")
        try expect([":"], after: "hour")
        let minute = try number(2, "minute")
        var second = 0
        if rest.first == ":" {
            rest = rest.dropFirst()
            second = try number(2, "second")
        }
        guard (1...12).contains(month) else { throw fail("month \(month) is out of range 01-12") }
        let days = daysIn(month: month, year: year)
        guard (1...days).contains(day) else { throw fail("day \(day) does not exist in \(pad(year, 4))-\(pad(month))") }
        guard (0...23).contains(hour) else { throw fail("hour \(hour) is out of range 00-23") }
        guard (0...59).contains(minute) else { throw fail("minute \(minute) is out of range 00-59") }
        guard (0...59).contains(second) else { throw fail("second \(second) is out of range 00-59") }
        return (LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)!, rest)
    }

    // MARK: Codable (the ISO text, readable in a store)

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let (value, rest) = try Self.parsePrefix(Substring(text), input: "local time \"\(text)\"")
        guard rest.isEmpty else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a local date-time: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(isoText)
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, days since 1970-01-01)

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    /// 0 = Sunday; 1970-01-01 was a Thursday.
    static func weekday(ofDay day: Int64) -> Int { Int(modulo(day + 4, 7)) }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// Remainder that is never negative, for weekday and time-of-day arithmetic.
    static func modulo(_ a: Int64, _ b: Int64) -> Int64 { a - floorDivide(a, b) * b }

    static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
