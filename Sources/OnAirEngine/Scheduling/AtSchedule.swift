import Foundation

/// A one-shot trigger: `schedule.at("2026-12-04 19:00", …, { tz = "Europe/Berlin" })` or an instant
/// with its offset, `schedule.at("2026-12-04T18:00:00Z", …)`.
///
/// A local wall-clock time is kept as written and resolved through the DST rule whenever its
/// occurrence is asked for, so a stored trigger follows the zone data of the machine that fires it.
public struct AtSchedule: Sendable, Hashable, Codable {
    public enum Time: Sendable, Hashable, Codable {
        /// An exact instant (the text carried a UTC offset or `Z`).
        case instant(Date)
        /// A wall-clock time in `zone`.
        case wallClock(LocalDateTime)
    }

    public let time: Time
    /// The zone a wall-clock time is read in, and in which an instant's local time is shown.
    public let zone: ScheduleZone

    public init(instant: Date, zone: ScheduleZone = .utc) {
        time = .instant(instant)
        self.zone = zone
    }

    public init(wallClock: LocalDateTime, zone: ScheduleZone) {
        time = .wallClock(wallClock)
        self.zone = zone
    }

    /// Reads `2026-12-04 19:00` (wall clock in `zone`), or ISO 8601 with an offset:
    /// `2026-12-04T19:00:00+01:00`, `2026-12-04T18:00Z`, `2026-12-04 19:00+0100`.
    public init(parsing text: String, zone: ScheduleZone) throws {
        let input = ScheduleError.label("at", text)
        let trimmed = Substring(text.trimmingCharacters(in: .whitespaces))
        let (local, rest) = try LocalDateTime.parsePrefix(trimmed, input: input)
        self.zone = zone
        if rest.isEmpty {
            time = .wallClock(local)
            return
        }
        guard let offset = Self.offsetSeconds(rest) else {
            throw ScheduleError(kind: .invalidTime, input: input,
                                reason: "\"\(rest)\" is not a UTC offset (write Z, +01:00 or -0500, or nothing and a tz)")
        }
        time = .instant(Date(timeIntervalSince1970: Double(local.localSeconds - Int64(offset))))
    }

    /// The one occurrence.
    public var occurrence: Occurrence {
        switch time {
        case .instant(let date):
            let whole = Int64(date.timeIntervalSince1970.rounded(.down))
            let offset = zone.offset(at: whole)
            let local = LocalDateTime(localSeconds: whole + Int64(offset))
            return Occurrence(scheduled: date, nominal: local, localTime: local, utcOffset: offset, zone: zone,
                              adjustment: nil)
        case .wallClock(let local):
            let (instant, adjustment) = zone.resolve(local)
            return Occurrence(instant: instant, zone: zone, nominal: local, adjustment: adjustment)
        }
    }

    func next(after: Date) -> Occurrence? {
        let occurrence = occurrence
        return occurrence.scheduled > after ? occurrence : nil
    }

    /// `Z`, `+01:00`, `-0500`, `+05` → seconds east of UTC.
    private static func offsetSeconds(_ text: Substring) -> Int? {
        if text == "Z" || text == "z" { return 0 }
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        var body = Array(text.dropFirst())
        if body.count == 5, body[2] == ":" { body.remove(at: 2) }
        guard body.count == 2 || body.count == 4, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let hours = Int(String(body[0..<2]))!
        let minutes = body.count == 4 ? Int(String(body[2..<4]))! : 0
        guard hours <= 14, minutes < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}
