import Foundation

/// A cron trigger: a `CronExpression` read in a zone, `schedule.cron("0 19 * * FRI", …, { tz = … })`.
///
/// With a fixed hour (`0 19 * * FRI`, `30 2 * * *`, `0 9,17 * * *`) the times are fixed wall-clock
/// times and the DST rule applies. With a wildcard or stepped hour (`0 * * * *`, `*/15 * * * *`) the
/// expression is elapsed time: it fires at every instant whose wall-clock reading matches, so an
/// hourly cron fires every real hour across a whole-hour transition, nothing moves into a gap and
/// nothing fires twice at one instant.
public struct CronSchedule: Sendable, Hashable, Codable, CustomStringConvertible {
    public let expression: CronExpression
    public let zone: ScheduleZone

    public init(expression: CronExpression, zone: ScheduleZone) {
        self.expression = expression
        self.zone = zone
    }

    public init(parsing text: String, zone: ScheduleZone) throws {
        self.init(expression: try CronExpression(parsing: text), zone: zone)
    }

    public var description: String { "\(expression) in \(zone)" }

    /// How wall-clock times become instants for this expression.
    var mapping: ZoneMapping { expression.hasFixedHour ? .wallClock : .elapsed }

    func next(after: Date) -> Occurrence? {
        // February 29 on a Monday, say, can be eight years away (2096 → 2104 has no leap day).
        DailySearch.next(after: after, pattern: expression, zone: zone, mapping: mapping, searchDays: 366 * 8 + 2)
    }

    private enum CodingKeys: String, CodingKey { case expression, tz }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(expression: try container.decode(CronExpression.self, forKey: .expression),
                  zone: try container.decode(ScheduleZone.self, forKey: .tz))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(expression, forKey: .expression)
        try container.encode(zone, forKey: .tz)
    }
}
