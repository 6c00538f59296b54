/// How the daylight-saving rule changed a fixed wall-clock time on its way to an instant.
///
/// The rule (design/scheduling.md): a wall-clock time that does not exist that day moves forward by
/// the length of the gap; a wall-clock time that occurs twice fires once, at its first occurrence.
/// Elapsed-time triggers (`every`, cron with a wildcard or stepped hour) are never adjusted.
public enum DSTAdjustment: Sendable, Hashable, Codable {
    /// The clocks jumped over the time; it fires `gap` seconds later on the wall clock, which is the
    /// instant the time would have had without the jump (Berlin 02:30 → 03:30 CEST = 01:30Z).
    case movedForward(gap: Int)
    /// The time occurs twice; it fires at the first, and the second (`repeatAfter` seconds later)
    /// is not an occurrence.
    case firstOfTwo(repeatAfter: Int)

    /// `1 h`, `30 min`, `1 h 30 min`: a DST shift as a note states it.
    static func shiftText(_ seconds: Int) -> String {
        let minutes = abs(seconds) / 60
        switch (minutes / 60, minutes % 60) {
        case (0, let m): return "\(m) min"
        case (let h, 0): return "\(h) h"
        case (let h, let m): return "\(h) h \(m) min"
        }
    }
}

extension ScheduleZone {
    /// The instant a fixed wall-clock time stands for under the DST rule, and the adjustment made.
    func resolve(_ local: LocalDateTime) -> (instant: Int64, adjustment: DSTAdjustment?) {
        let seconds = local.localSeconds
        let found = instants(forLocal: seconds)
        switch found.count {
        case 1:
            return (found[0], nil)
        case 0:
            // In a gap: read the time with the offset in force before the jump, which lands it
            // `gap` later on the wall clock after the jump.
            let before = offset(at: seconds - 86_400)
            let instant = seconds - Int64(before)
            return (instant, .movedForward(gap: offset(at: instant) - before))
        default:
            return (found[0], .firstOfTwo(repeatAfter: Int(found[found.count - 1] - found[0])))
        }
    }
}
