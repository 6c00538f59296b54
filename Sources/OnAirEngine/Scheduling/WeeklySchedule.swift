import Foundation

/// A weekly trigger: days of the week and a wall-clock time in a zone, written `"fri 19:00"`,
/// `"mon,wed 07:30"` or `"mon-fri 09:00"`.
///
/// The time is a fixed wall-clock time, so the DST rule applies: on a spring-forward day a time in
/// the gap fires `gap` later, and on a fall-back day a repeated time fires once, at the first.
public struct WeeklySchedule: Sendable, Hashable, Codable, CustomStringConvertible, DailyPattern {
    /// The specification as written, kept for display and storage.
    public let text: String
    /// 0 = Sunday … 6 = Saturday, ascending.
    public let days: [Int]
    /// Seconds since local midnight.
    public let timeOfDay: Int
    public let zone: ScheduleZone

    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
    private static let fullDayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    public init(parsing text: String, zone: ScheduleZone) throws {
        let input = ScheduleError.label("weekly", text)
        func fail(_ reason: String) -> ScheduleError { ScheduleError(kind: .invalidWeekly, input: input, reason: reason) }
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else {
            throw fail("expected days and a time, e.g. \"fri 19:00\" or \"mon,wed 07:30\"")
        }
        var days = Set<Int>()
        for item in parts[0].split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count) else { throw fail("\"\(item)\" is not a day or a range of days") }
            let numbers = try bounds.map { name -> Int in
                guard let day = Self.day(named: name) else {
                    throw fail("\"\(name)\" is not a day (use sun, mon, tue, wed, thu, fri, sat)")
                }
                return day
            }
            var day = numbers[0]
            days.insert(day)
            while day != numbers[numbers.count - 1] {  // ranges may wrap: "fri-mon"
                day = (day + 1) % 7
                days.insert(day)
            }
        }
        self.timeOfDay = try Self.parseTime(parts[1], fail: fail)
        self.text = text
        self.days = days.sorted()
        self.zone = zone
    }

    public var description: String { ScheduleError.label("weekly", text) + " in \(zone)" }

    var timesOfDay: [Int] { [timeOfDay] }

    func firesOn(year: Int, month: Int, day: Int, weekday: Int) -> Bool { days.contains(weekday) }

    func next(after: Date) -> Occurrence? {
        DailySearch.next(after: after, pattern: self, zone: zone, mapping: .wallClock, searchDays: 9)
    }

    private static func day(named name: Substring) -> Int? {
        let lower = name.lowercased()
        return dayNames.firstIndex(of: lower) ?? fullDayNames.firstIndex(of: lower)
    }

    /// `19:00`, `7:30`, `19:00:30` → seconds since midnight.
    private static func parseTime(_ text: Substring, fail: (String) -> ScheduleError) throws -> Int {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(fields.count),
            fields.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { throw fail("\"\(text)\" is not a time of day (write HH:MM, e.g. 19:00)") }
        let values = fields.map { Int($0)! }
        guard values[0] <= 23 else { throw fail("hour \(values[0]) is out of range 0-23") }
        guard values[1] <= 59 else { throw fail("minute \(values[1]) is out of range 0-59") }
        if values.count == 3, values[2] > 59 { throw fail("second \(values[2]) is out of range 0-59") }
        return values[0] * 3600 + values[1] * 60 + (values.count == 3 ? values[2] : 0)
    }

    // MARK: Codable (the text and the zone; decoding parses again)

    private enum CodingKeys: String, CodingKey { case text, tz }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(parsing: container.decode(String.self, forKey: .text),
                      zone: container.decode(ScheduleZone.self, forKey: .tz))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encode(zone, forKey: .tz)
    }
}
