import Foundation

/// How a rule's wall-clock times become instants across daylight-saving transitions.
enum ZoneMapping: Sendable {
    /// Fixed wall-clock times (`at`, `weekly`, cron with a fixed hour): the DST rule applies — a time
    /// in a gap moves forward by the gap, a repeated time fires at its first occurrence.
    case wallClock
    /// Elapsed time (cron with a wildcard or stepped hour): every instant whose wall-clock reading
    /// matches fires, so nothing is shifted into a gap and each real instant fires once.
    case elapsed
}

/// The calendar side of a day-based rule: the local days it fires on and its times of day.
protocol DailyPattern: Sendable {
    /// Whether the rule fires on a local date (`weekday` 0 = Sunday).
    func firesOn(year: Int, month: Int, day: Int, weekday: Int) -> Bool
    /// Seconds since local midnight at which it fires, ascending, not empty.
    var timesOfDay: [Int] { get }
}

/// Finds the first occurrence of a day-based rule strictly after an instant.
///
/// Walks local days from the one before `after`'s local date. On a day with no offset change near it
/// a wall-clock time maps to an instant by one subtraction, so a binary search finds the first time
/// of day past `after`; on a transition day every time of day is mapped through `mapping`. The walk
/// stops once a day cannot hold anything earlier than the best candidate found.
enum DailySearch {
    /// No zone's offset is outside ±15 h, so an instant from local day D is at least D 00:00 − 15 h.
    private static let offsetBound: Int64 = 15 * 3600

    static func next(
        after: Date, pattern: some DailyPattern, zone: ScheduleZone, mapping: ZoneMapping, searchDays: Int
    ) -> Occurrence? {
        let afterValue = after.timeIntervalSince1970
        let afterSecond = Int64(afterValue.rounded(.down))
        let firstDay = LocalDateTime.floorDivide(afterSecond + Int64(zone.offset(at: afterSecond)), 86_400) - 1
        let times = pattern.timesOfDay
        var best: (instant: Int64, nominal: Int64, adjustment: DSTAdjustment?)?

        func consider(_ instant: Int64, nominal: Int64, adjustment: DSTAdjustment?) {
            guard Double(instant) > afterValue else { return }
            if let current = best, current.instant <= instant { return }
            best = (instant, nominal, adjustment)
        }

        for day in firstDay..<(firstDay + Int64(searchDays)) {
            let dayStart = day * 86_400
            if let best, dayStart - offsetBound > best.instant { break }
            let (year, month, dayOfMonth) = LocalDateTime.civil(fromDays: day)
            guard pattern.firesOn(year: year, month: month, day: dayOfMonth, weekday: LocalDateTime.weekday(ofDay: day))
            else { continue }

            let early = zone.offset(at: dayStart - 86_400 - offsetBound)
            let late = zone.offset(at: dayStart + 2 * 86_400 + offsetBound)
            let (low, high) = (Int64(min(early, late)), Int64(max(early, late)))
            // The first time of day whose instant could be after `after` (instants lie in [L − high, L − low]).
            var index = firstIndex(in: times) { Double(dayStart + Int64($0) - low) > afterValue }

            if early == late, zone.isSteady(from: dayStart - 2 * 86_400, to: dayStart + 3 * 86_400) {
                if index < times.count {
                    let local = dayStart + Int64(times[index])
                    consider(local - low, nominal: local, adjustment: nil)
                }
                continue
            }
            while index < times.count {
                let local = dayStart + Int64(times[index])
                if let best, local - high > best.instant { break }
                switch mapping {
                case .wallClock:
                    let (instant, adjustment) = zone.resolve(LocalDateTime(localSeconds: local))
                    consider(instant, nominal: local, adjustment: adjustment)
                case .elapsed:
                    for instant in zone.instants(forLocal: local) { consider(instant, nominal: local, adjustment: nil) }
                }
                index += 1
            }
        }
        guard let best else { return nil }
        return Occurrence(instant: best.instant, zone: zone, nominal: LocalDateTime(localSeconds: best.nominal),
                          adjustment: best.adjustment)
    }

    /// The first index whose element satisfies a predicate that is false then true along the array.
    private static func firstIndex(in values: [Int], where predicate: (Int) -> Bool) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) / 2
            if predicate(values[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
