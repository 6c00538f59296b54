import Foundation

/// An interval trigger: every `interval` of elapsed time from an anchor instant,
/// `schedule.every("15m", …)`.
///
/// Elapsed time, so daylight saving never moves it: across a transition it keeps firing every real
/// interval (no gap, no double) while the wall-clock reading of each occurrence jumps with the
/// clocks. The anchor is an occurrence itself when it lies after the instant asked about.
public struct EverySchedule: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The shortest interval accepted; shorter ones would flood the decision log.
    public static let minimumInterval: Duration = .seconds(1)

    public let interval: Duration
    /// The instant the intervals count from (when the trigger was added, unless a start was given).
    public let anchor: Date
    /// The zone occurrences are shown in.
    public let zone: ScheduleZone

    public init(interval: Duration, anchor: Date, zone: ScheduleZone = .utc) throws {
        guard interval >= Self.minimumInterval else {
            throw ScheduleError(kind: .invalidDuration,
                                input: ScheduleError.label("every", ScheduleDuration.format(interval)),
                                reason: "the interval must be at least \(ScheduleDuration.format(Self.minimumInterval))")
        }
        self.interval = interval
        self.anchor = anchor
        self.zone = zone
    }

    /// Reads `"15m"`, `"1h30m"`, `"90s"`.
    public init(parsing text: String, anchor: Date, zone: ScheduleZone = .utc) throws {
        let interval = try ScheduleDuration.parse(text, what: "every")
        guard interval >= Self.minimumInterval else {
            throw ScheduleError(kind: .invalidDuration, input: ScheduleError.label("every", text),
                                reason: "the interval must be at least \(ScheduleDuration.format(Self.minimumInterval))")
        }
        try self.init(interval: interval, anchor: anchor, zone: zone)
    }

    public var description: String {
        "every \(ScheduleDuration.format(interval)) from \(Occurrence.utcText(anchor)) in \(zone)"
    }

    func next(after: Date) -> Occurrence? {
        let step = ScheduleDuration.milliseconds(interval)
        let anchorMilliseconds = Int64((anchor.timeIntervalSince1970 * 1000).rounded())
        let afterValue = after.timeIntervalSince1970
        func instant(_ k: Int64) -> Double { Double(anchorMilliseconds + k * step) / 1000 }
        let elapsed = Int64((afterValue * 1000).rounded(.down)) - anchorMilliseconds
        var k = max(0, LocalDateTime.floorDivide(elapsed, step) + 1)
        while instant(k) <= afterValue { k += 1 }
        while k > 0, instant(k - 1) > afterValue { k -= 1 }
        let scheduled = Date(timeIntervalSince1970: instant(k))
        let whole = LocalDateTime.floorDivide(anchorMilliseconds + k * step, 1000)
        let offset = zone.offset(at: whole)
        let local = LocalDateTime(localSeconds: whole + Int64(offset))
        return Occurrence(scheduled: scheduled, nominal: local, localTime: local, utcOffset: offset, zone: zone,
                          adjustment: nil)
    }

    private enum CodingKeys: String, CodingKey { case interval, anchor, tz }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(parsing: container.decode(String.self, forKey: .interval),
                      anchor: container.decode(Date.self, forKey: .anchor),
                      zone: container.decode(ScheduleZone.self, forKey: .tz))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ScheduleDuration.format(interval), forKey: .interval)
        try container.encode(anchor, forKey: .anchor)
        try container.encode(zone, forKey: .tz)
    }
}
