import Foundation

/// One time a trigger is scheduled to fire: the instant, the wall-clock time it stands for, and a
/// note when the daylight-saving rule moved it.
///
/// Occurrences are identified by `scheduled`: a trigger never has two at the same instant, and the
/// store keeps one decision per (trigger, scheduled).
public struct Occurrence: Sendable, Hashable, Codable, CustomStringConvertible {
    /// When it fires.
    public let scheduled: Date
    /// The wall-clock time the rule asked for (`02:30`, even when the DST rule moved it to 03:30).
    public let nominal: LocalDateTime
    /// What a wall clock in `zone` shows at `scheduled`.
    public let localTime: LocalDateTime
    /// Seconds east of UTC in `zone` at `scheduled`.
    public let utcOffset: Int
    public let zone: ScheduleZone
    /// Set when the DST rule moved a fixed wall-clock time (nil for elapsed-time triggers).
    public let adjustment: DSTAdjustment?

    init(scheduled: Date, nominal: LocalDateTime, localTime: LocalDateTime, utcOffset: Int, zone: ScheduleZone,
         adjustment: DSTAdjustment?)
    {
        self.scheduled = scheduled
        self.nominal = nominal
        self.localTime = localTime
        self.utcOffset = utcOffset
        self.zone = zone
        self.adjustment = adjustment
    }

    /// An occurrence at a whole-second instant whose wall-clock reading is what it stands for.
    init(instant: Int64, zone: ScheduleZone, nominal: LocalDateTime? = nil, adjustment: DSTAdjustment? = nil) {
        let offset = zone.offset(at: instant)
        let local = LocalDateTime(localSeconds: instant + Int64(offset))
        self.init(scheduled: Date(timeIntervalSince1970: Double(instant)), nominal: nominal ?? local,
                  localTime: local, utcOffset: offset, zone: zone, adjustment: adjustment)
    }

    /// Why the instant differs from the plain reading of the wall-clock time, for `onair plan`,
    /// `schedule next` and the decision log:
    /// `02:30 does not exist on 2026-03-29 in Europe/Berlin: moved forward by the 1 h gap to 03:30 CEST`,
    /// `01:30 occurs twice on 2026-11-01 in America/New_York: fires once, at the first (EDT)`.
    public var dstNote: String? {
        guard let adjustment else { return nil }
        let instant = Int64(scheduled.timeIntervalSince1970.rounded(.down))
        let label = zone.label(at: instant)
        switch adjustment {
        case .movedForward(let gap):
            return "\(nominal.timeText) does not exist on \(nominal.dateText) in \(zone): moved forward by the "
                + "\(DSTAdjustment.shiftText(gap)) gap to \(localTime.timeText) \(label)"
        case .firstOfTwo:
            return "\(nominal.timeText) occurs twice on \(nominal.dateText) in \(zone): fires once, at the first (\(label))"
        }
    }

    /// `2026-03-29T01:30:00Z (2026-03-29 03:30 +02:00 Europe/Berlin)` plus the note when there is one.
    public var description: String {
        var text = "\(Self.utcText(scheduled)) (\(localTime) \(ScheduleZone.offsetText(utcOffset)) \(zone))"
        if let dstNote { text += ": \(dstNote)" }
        return text
    }

    /// `2026-03-29T01:30:00Z`, with `.250` milliseconds when the instant has them.
    public static func utcText(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = LocalDateTime.floorDivide(ms, 1000)
        let text = LocalDateTime(localSeconds: seconds).isoText
        let fraction = ms - seconds * 1000
        return fraction == 0 ? text + "Z" : text + "." + LocalDateTime.pad(Int(fraction), 3) + "Z"
    }
}
