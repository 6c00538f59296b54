import Foundation

/// When a trigger fires: one of the four forms a script writes with `schedule.at`, `schedule.weekly`,
/// `schedule.cron` and `schedule.every`.
///
/// A value type that encodes to a small readable document (the forms keep their source text), so
/// the store can keep it and a later engine can parse it again with its own zone data.
public enum TriggerSpec: Sendable, Hashable, Codable, CustomStringConvertible {
    case at(AtSchedule)
    case weekly(WeeklySchedule)
    case cron(CronSchedule)
    case every(EverySchedule)

    /// `schedule.at("2026-12-04 19:00", …)`: a wall-clock time in `zone`, or an instant with an offset.
    public static func at(_ text: String, zone: ScheduleZone) throws -> TriggerSpec {
        .at(try AtSchedule(parsing: text, zone: zone))
    }

    /// `schedule.weekly("fri 19:00", …)`.
    public static func weekly(_ text: String, zone: ScheduleZone) throws -> TriggerSpec {
        .weekly(try WeeklySchedule(parsing: text, zone: zone))
    }

    /// `schedule.cron("0 19 * * FRI", …)`.
    public static func cron(_ text: String, zone: ScheduleZone) throws -> TriggerSpec {
        .cron(try CronSchedule(parsing: text, zone: zone))
    }

    /// `schedule.every("15m", …)`, counting from `anchor` (normally the moment the trigger is added).
    public static func every(_ text: String, anchor: Date, zone: ScheduleZone = .utc) throws -> TriggerSpec {
        .every(try EverySchedule(parsing: text, anchor: anchor, zone: zone))
    }

    public var zone: ScheduleZone {
        switch self {
        case .at(let schedule): schedule.zone
        case .weekly(let schedule): schedule.zone
        case .cron(let schedule): schedule.zone
        case .every(let schedule): schedule.zone
        }
    }

    /// The first occurrence strictly after `after`, or nil when there is none (an `at` in the past,
    /// a cron expression with no date left in range).
    public func nextOccurrence(after: Date) -> Occurrence? {
        switch self {
        case .at(let schedule): schedule.next(after: after)
        case .weekly(let schedule): schedule.next(after: after)
        case .cron(let schedule): schedule.next(after: after)
        case .every(let schedule): schedule.next(after: after)
        }
    }

    /// Every occurrence strictly after `after`, in order, computed as they are read.
    public func occurrences(after: Date) -> OccurrenceSequence { OccurrenceSequence(spec: self, after: after) }

    /// The next `count` occurrences strictly after `after` (fewer when the trigger runs out).
    public func occurrences(after: Date, count: Int) -> [Occurrence] { Array(occurrences(after: after).prefix(count)) }

    /// Occurrences in `(after, through]`.
    public func occurrences(after: Date, through: Date) -> [Occurrence] {
        Array(occurrences(after: after).prefix { $0.scheduled <= through })
    }

    public var description: String {
        switch self {
        case .at(let schedule):
            switch schedule.time {
            case .instant(let date): "at \(Occurrence.utcText(date))"
            case .wallClock(let local): "at \"\(local)\" in \(schedule.zone)"
            }
        case .weekly(let schedule): schedule.description
        case .cron(let schedule): schedule.description
        case .every(let schedule): schedule.description
        }
    }
}

/// The occurrences of a trigger after an instant, lazily: each is computed from the one before, so
/// reading the first few of a minutely trigger costs only those few.
public struct OccurrenceSequence: Sequence, Sendable {
    public let spec: TriggerSpec
    public let after: Date

    public struct Iterator: IteratorProtocol, Sendable {
        let spec: TriggerSpec
        var after: Date?

        public mutating func next() -> Occurrence? {
            guard let current = after, let occurrence = spec.nextOccurrence(after: current) else {
                after = nil
                return nil
            }
            after = occurrence.scheduled
            return occurrence
        }
    }

    public func makeIterator() -> Iterator { Iterator(spec: spec, after: after) }
}
