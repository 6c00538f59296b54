/// A standard 5-field cron expression: minute, hour, day-of-month, month, day-of-week.
///
/// Fields take `*`, numbers, lists (`1,15`), ranges (`9-17`), steps (`*/15`, `0-30/10`, `5/15` =
/// from 5 to the end), month names `JAN`–`DEC` and day names `SUN`–`SAT` (any case); day-of-week
/// 0 and 7 are both Sunday. As in classic cron, when day-of-month and day-of-week are both
/// restricted (neither starts with `*`) a day matches if either matches. Macros `@yearly`,
/// `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly` stand for their expressions.
/// Errors name the field at fault: `cron "0 25 * * *": hour 25 is out of range 0-23`.
public struct CronExpression: Sendable, Hashable, Codable, CustomStringConvertible, DailyPattern {
    /// The expression as written.
    public let text: String
    let minutes: [Int]
    let hours: [Int]
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    /// 0 = Sunday … 6 = Saturday.
    let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool
    /// True when the hour field has no `*` and no step: the expression names fixed wall-clock times,
    /// to which the DST rule applies. Otherwise it is elapsed time (see `ZoneMapping`).
    public let hasFixedHour: Bool
    let timesOfDay: [Int]

    private struct Field {
        let name: String
        let range: ClosedRange<Int>
        let names: [String]  // index + range.lowerBound (or + 0 for days) is the value
    }

    private static let fields = [
        Field(name: "minute", range: 0...59, names: []),
        Field(name: "hour", range: 0...23, names: []),
        Field(name: "day-of-month", range: 1...31, names: []),
        Field(name: "month", range: 1...12,
              names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]),
        Field(name: "day-of-week", range: 0...7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]),
    ]

    private static let macros = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    public init(parsing text: String) throws {
        let input = ScheduleError.label("cron", text)
        func fail(_ reason: String) -> ScheduleError { ScheduleError(kind: .invalidCron, input: input, reason: reason) }
        var source = text.trimmingCharacters(in: " \t")
        if source.hasPrefix("@") {
            guard let expansion = Self.macros[source.lowercased()] else {
                throw fail("unknown macro \(source) (known: @yearly, @monthly, @weekly, @daily, @hourly)")
            }
            source = expansion
        }
        let parts = source.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 5 else {
            throw fail("expected 5 fields (minute hour day-of-month month day-of-week), found \(parts.count)")
        }
        let values = try zip(Self.fields, parts).map { field, part in try Self.parse(part, field, fail) }
        self.text = text
        let minutes = values[0].sorted()
        let hours = values[1].sorted()
        self.minutes = minutes
        self.hours = hours
        daysOfMonth = values[2]
        months = values[3]
        daysOfWeek = Set(values[4].map { $0 % 7 })
        dayOfMonthRestricted = !parts[2].hasPrefix("*")
        dayOfWeekRestricted = !parts[4].hasPrefix("*")
        hasFixedHour = !parts[1].contains("*") && !parts[1].contains("/")
        timesOfDay = hours.flatMap { hour in minutes.map { hour * 3600 + $0 * 60 } }

        if dayOfMonthRestricted && !dayOfWeekRestricted {
            let possible = months.contains { month in
                daysOfMonth.contains { $0 <= LocalDateTime.daysIn(month: month, year: 2028) }
            }
            if !possible {
                let monthNames = months.sorted().map { Self.fields[3].names[$0 - 1] }.joined(separator: ", ")
                throw fail("day-of-month \(daysOfMonth.sorted().map(String.init).joined(separator: ",")) "
                           + "never occurs in \(monthNames)")
            }
        }
    }

    public var description: String { ScheduleError.label("cron", text) }

    /// Whether the expression fires on a local date (`weekday` 0 = Sunday).
    func firesOn(year: Int, month: Int, day: Int, weekday: Int) -> Bool {
        guard months.contains(month) else { return false }
        let byMonthDay = daysOfMonth.contains(day)
        let byWeekday = daysOfWeek.contains(weekday)
        if dayOfMonthRestricted && dayOfWeekRestricted { return byMonthDay || byWeekday }
        return byMonthDay && byWeekday
    }

    /// One field: a comma list of `*`, `N`, `N-M`, each optionally `/step`.
    private static func parse(
        _ text: Substring, _ field: Field, _ fail: (String) -> ScheduleError
    ) throws -> Set<Int> {
        var result = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else { throw fail("\(field.name) \"\(text)\" has an empty list item") }
            let stepParts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard stepParts.count <= 2 else { throw fail("\(field.name) \"\(item)\" has more than one step") }
            var step = 1
            if stepParts.count == 2 {
                guard let value = Int(stepParts[1]), value >= 1 else {
                    throw fail("\(field.name) step \"\(stepParts[1])\" must be a whole number of at least 1")
                }
                step = value
            }
            let base = stepParts[0]
            var low: Int
            var high: Int
            if base == "*" {
                (low, high) = (field.range.lowerBound, field.name == "day-of-week" ? 6 : field.range.upperBound)
            } else {
                let bounds = base.split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count <= 2 else { throw fail("\(field.name) \"\(base)\" is not a value or a range") }
                low = try value(bounds[0], field, fail)
                high = bounds.count == 2 ? try value(bounds[1], field, fail) : low
                if bounds.count == 1 && stepParts.count == 2 { high = field.name == "day-of-week" ? 6 : field.range.upperBound }
                guard low <= high else {
                    throw fail("\(field.name) range \(bounds[0])-\(bounds[1]) is backwards (write it as two ranges)")
                }
            }
            result.formUnion(stride(from: low, through: high, by: step))
        }
        return result
    }

    private static func value(_ text: Substring, _ field: Field, _ fail: (String) -> ScheduleError) throws -> Int {
        if let number = Int(text), text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard field.range.contains(number) else {
                throw fail("\(field.name) \(number) is out of range \(field.range.lowerBound)-\(field.range.upperBound)")
            }
            return number
        }
        if let index = field.names.firstIndex(of: text.uppercased()) {
            return field.name == "month" ? index + 1 : index
        }
        if text.isEmpty { throw fail("\(field.name) has an empty value") }
        let kind = field.name == "month" ? " or a month name (JAN-DEC)" : field.name == "day-of-week" ? " or a day name (SUN-SAT)" : ""
        throw fail("\(field.name) \"\(text)\" is not a number\(kind)")
    }

    // MARK: Codable (the text; decoding parses again)

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

extension String {
    /// The string without leading and trailing characters from `set`.
    fileprivate func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
