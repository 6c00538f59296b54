import Foundation

/// The timestamp spellings the providers use on the wire, all in UTC.
///
/// SignalWire writes whole seconds (`2022-01-01T10:00:00Z`), 100ms writes fractional seconds, and
/// every provider accepts RFC 3339 input; SignalWire also accepts a bare date as midnight UTC.
enum Timestamp {
    /// `2022-01-01T10:00:00Z`
    static func seconds(_ date: Date) -> String {
        Date.ISO8601FormatStyle(timeZone: .gmt).format(date)
    }

    /// `2022-09-09T11:41:08.082Z`
    static func milliseconds(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).format(date)
    }

    /// Parses RFC 3339 with or without fractional seconds, and, when `allowsDateOnly`, a plain
    /// `YYYY-MM-DD` which then means the start of that day in UTC.
    static func parse(_ text: String, allowsDateOnly: Bool = false) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(text) { return date }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).parse(text) {
            return date
        }
        if allowsDateOnly, text.count == 10 {
            return try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(text + "T00:00:00Z")
        }
        return nil
    }
}
