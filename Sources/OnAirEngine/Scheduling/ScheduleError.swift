/// A trigger specification or option that cannot be used, with the input and the part at fault.
///
/// One type for every scheduling parser so the Lua layer turns all of them into script errors the
/// same way: `kind` for branching and metric labels, `description` for people, e.g.
/// `cron "0 25 * * *": hour 25 is out of range 0-23`.
public struct ScheduleError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// A 5-field cron expression that does not parse or can never fire.
        case invalidCron = "invalid_cron"
        /// A weekly specification such as `"fri 19:00"` that does not parse.
        case invalidWeekly = "invalid_weekly"
        /// A date-time for `at` (or an anchor) that does not parse or does not exist in the calendar.
        case invalidTime = "invalid_time"
        /// A duration such as `"1h30m"` that does not parse, or an interval that is too short.
        case invalidDuration = "invalid_duration"
        /// A time-zone name that is not an IANA zone known to this machine.
        case unknownTimeZone = "unknown_time_zone"
        /// A trigger option with a value outside its set (`overlap`, `catch_up`, …).
        case invalidOption = "invalid_option"
    }

    public var kind: Kind
    /// What the user wrote, labelled the way they wrote it: `cron "0 25 * * *"`.
    public var input: String
    /// What is wrong, naming the field at fault: `hour 25 is out of range 0-23`.
    public var reason: String

    public init(kind: Kind, input: String, reason: String) {
        self.kind = kind
        self.input = input
        self.reason = reason
    }

    public var description: String { "\(input): \(reason)" }

    /// The kind alone, for metric labels and log keys.
    public var shortDescription: String { kind.rawValue }
}

extension ScheduleError {
    /// Quotes user text for `input`, so `cron` and its text read as `cron "0 19 * * FRI"`.
    static func label(_ what: String, _ text: String) -> String { "\(what) \"\(text)\"" }
}
