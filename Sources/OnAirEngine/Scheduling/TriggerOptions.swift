/// What happens when an occurrence is due while a run of the same trigger is still going.
public enum OverlapPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Record `skipped:overlap` and do not run it (the default: a broadcast never runs twice at once).
    case skip
    /// Start it when the running one ends, if that is still within `start_within`.
    case queue
    /// Cancel the running one (its teardown runs), then fire.
    case replace
    /// Fire alongside the running one.
    case allow
}

/// Which occurrences missed while the engine was down (or stalled) still run.
public enum CatchUpPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Only the most recent missed occurrence, if its start is still within `start_within`.
    case latest
    /// Every missed occurrence still within `start_within` (at most `catchUpLimit` of them), in order.
    case all
    /// None: what was missed is recorded `missed:late`.
    case none
}

/// The trigger options a script sets next to the schedule: `duration`, `start_within`, `overlap`,
/// `catch_up` (`tz` belongs to the `TriggerSpec`, because it decides the instants).
public struct TriggerOptions: Sendable, Hashable, Codable {
    /// How long a run lasts; its stop obligation falls due at `scheduled + duration`, however late.
    /// Nil: the run ends when its playbook returns.
    public var duration: Duration?
    /// The latest a start may begin after its scheduled instant; later it is `missed:late`.
    public var startWithin: Duration
    public var overlap: OverlapPolicy
    public var catchUp: CatchUpPolicy

    public static let defaultStartWithin: Duration = .seconds(300)

    public init(duration: Duration? = nil, startWithin: Duration = Self.defaultStartWithin, overlap: OverlapPolicy = .skip,
                catchUp: CatchUpPolicy = .latest)
    {
        self.duration = duration
        self.startWithin = startWithin
        self.overlap = overlap
        self.catchUp = catchUp
    }

    /// The options as a script writes them (`duration = "2h"`, `start_within = "5m"`, `overlap = "queue"`,
    /// `catch_up = "all"`); nil keeps the default. Errors name the option and list the valid values.
    public init(duration: String?, startWithin: String?, overlap: String?, catchUp: String?) throws {
        self.init()
        if let duration { self.duration = try ScheduleDuration.parse(duration, what: "duration") }
        if let startWithin { self.startWithin = try ScheduleDuration.parse(startWithin, what: "start_within") }
        if let overlap { self.overlap = try Self.choice(overlap, option: "overlap") }
        if let catchUp { self.catchUp = try Self.choice(catchUp, option: "catch_up") }
    }

    private static func choice<T: RawRepresentable & CaseIterable>(_ text: String, option: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: text.lowercased()) else {
            throw ScheduleError(kind: .invalidOption, input: ScheduleError.label(option, text),
                                reason: "must be one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    // MARK: Codable (durations as text such as "1h30m", readable in a store)

    private enum CodingKeys: String, CodingKey {
        case duration, startWithin = "start_within", overlap, catchUp = "catch_up"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(duration: container.decodeIfPresent(String.self, forKey: .duration),
                      startWithin: container.decodeIfPresent(String.self, forKey: .startWithin),
                      overlap: container.decodeIfPresent(String.self, forKey: .overlap),
                      catchUp: container.decodeIfPresent(String.self, forKey: .catchUp))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(duration.map(ScheduleDuration.format), forKey: .duration)
        try container.encode(ScheduleDuration.format(startWithin), forKey: .startWithin)
        try container.encode(overlap, forKey: .overlap)
        try container.encode(catchUp, forKey: .catchUp)
    }
}
