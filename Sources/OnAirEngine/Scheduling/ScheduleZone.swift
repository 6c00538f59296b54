import Foundation

/// The IANA time zone a trigger's wall-clock times are read in, e.g. `Europe/Berlin`.
///
/// Wraps `TimeZone` so the rest of scheduling works in whole seconds (`Int64` instants and local
/// seconds) and so a zone is validated once, when the trigger is parsed, with an error that names
/// it. Encodes as its identifier. A zone is never the host's implicitly: callers pass one.
public struct ScheduleZone: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The name as the trigger wrote it (`Europe/Berlin`, `UTC`).
    public let identifier: String
    let timeZone: TimeZone

    /// - Throws: `ScheduleError` (`unknownTimeZone`) when the machine's time-zone data has no such zone.
    public init(identifier: String) throws {
        guard !identifier.isEmpty, let zone = TimeZone(identifier: identifier) else {
            throw ScheduleError(
                kind: .unknownTimeZone, input: ScheduleError.label("tz", identifier),
                reason: "is not a known IANA time zone (e.g. \"Europe/Berlin\", \"America/New_York\", \"UTC\")")
        }
        self.identifier = identifier
        self.timeZone = zone
    }

    /// Coordinated Universal Time.
    public static let utc = try! ScheduleZone(identifier: "UTC")

    public var description: String { identifier }

    public static func == (a: ScheduleZone, b: ScheduleZone) -> Bool { a.identifier == b.identifier }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }

    public init(from decoder: any Decoder) throws {
        try self.init(identifier: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(identifier)
    }

    // MARK: Offsets and wall-clock readings

    /// Seconds east of UTC at an instant (seconds since 1970).
    func offset(at instant: Int64) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant)))
    }

    /// What a wall clock in this zone shows at an instant.
    func local(at instant: Int64) -> LocalDateTime {
        LocalDateTime(localSeconds: instant + Int64(offset(at: instant)))
    }

    /// Every instant at which a wall clock in this zone shows `localSeconds`: none in a DST gap,
    /// two in a repeated hour, else one; sorted.
    ///
    /// A reading can only be shown under an offset in force near it, so the candidates are the
    /// offsets a day either side (no zone changes its offset twice within two days).
    func instants(forLocal localSeconds: Int64) -> [Int64] {
        let before = offset(at: localSeconds - 86_400)
        let after = offset(at: localSeconds + 86_400)
        let middle = offset(at: localSeconds - Int64(before))
        var found: [Int64] = []
        for candidate in [before, middle, after] {
            let instant = localSeconds - Int64(candidate)
            if offset(at: instant) == candidate, !found.contains(instant) { found.append(instant) }
        }
        return found.sorted()
    }

    /// True when the offset is the same throughout `[from, to]` (instants), so local seconds map to
    /// instants by one subtraction there.
    func isSteady(from: Int64, to: Int64) -> Bool {
        guard offset(at: from) == offset(at: to) else { return false }
        guard let next = timeZone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: Double(from)))
        else { return true }
        return next.timeIntervalSince1970 > Double(to)
    }

    /// How people name the offset in force at an instant: `CEST`, `EDT`, else `UTC+10:30`.
    ///
    /// Only for notes shown to people; the offset itself is always stored alongside.
    func label(at instant: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(instant))
        let style: TimeZone.NameStyle = timeZone.isDaylightSavingTime(for: date) ? .shortDaylightSaving : .shortStandard
        for locale in ["en_US", "en_GB", "en_AU"] {
            if let name = timeZone.localizedName(for: style, locale: Locale(identifier: locale)),
                !name.hasPrefix("GMT"), !name.hasPrefix("UTC")
            {
                return name
            }
        }
        return "UTC" + Self.offsetText(offset(at: instant))
    }

    /// `+02:00`, `-04:00`, `+10:30`.
    static func offsetText(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return "\(sign)\(LocalDateTime.pad(minutes / 60)):\(LocalDateTime.pad(minutes % 60))"
    }
}
