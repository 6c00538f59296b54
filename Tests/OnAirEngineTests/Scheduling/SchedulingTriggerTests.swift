import Foundation
import OnAirEngine
import Testing

/// Next occurrences: the DST rule with its notes, cron semantics, and the promise that nothing is
/// returned at or before the instant asked about.
@Suite struct SchedulingTriggerTests {
    static let berlin = try! ScheduleZone(identifier: "Europe/Berlin")
    static let newYork = try! ScheduleZone(identifier: "America/New_York")
    static let lordHowe = try! ScheduleZone(identifier: "Australia/Lord_Howe")
    static let tokyo = try! ScheduleZone(identifier: "Asia/Tokyo")

    static func utc(_ text: String) -> Date {
        guard case .instant(let date) = try! AtSchedule(parsing: text, zone: .utc).time else { fatalError(text) }
        return date
    }

    @Test func aTimeInTheSpringGapMovesForwardByTheGap() throws {
        let spec = try TriggerSpec.weekly("sun 02:30", zone: Self.berlin)
        let occurrence = try #require(spec.nextOccurrence(after: Self.utc("2026-03-28T12:00:00Z")))
        #expect(occurrence.scheduled == Self.utc("2026-03-29T01:30:00Z"))
        #expect(occurrence.nominal.description == "2026-03-29 02:30")
        #expect(occurrence.localTime.description == "2026-03-29 03:30")
        #expect(occurrence.adjustment == .movedForward(gap: 3600))
        #expect(occurrence.dstNote == "02:30 does not exist on 2026-03-29 in Europe/Berlin: moved forward by the 1 h gap to 03:30 CEST")
    }

    @Test func aRepeatedTimeFiresOnceAtTheFirst() throws {
        let berlin = try TriggerSpec.cron("30 2 * * *", zone: Self.berlin)
        let days = berlin.occurrences(after: Self.utc("2026-10-24T12:00:00Z"), count: 2)
        #expect(days.map(\.scheduled) == [Self.utc("2026-10-25T00:30:00Z"), Self.utc("2026-10-26T01:30:00Z")])
        #expect(days[0].adjustment == .firstOfTwo(repeatAfter: 3600))

        let newYork = try TriggerSpec.at("2026-11-01 01:30", zone: Self.newYork)
        let occurrence = try #require(newYork.nextOccurrence(after: .distantPast))
        #expect(occurrence.scheduled == Self.utc("2026-11-01T05:30:00Z"))
        #expect(occurrence.dstNote == "01:30 occurs twice on 2026-11-01 in America/New_York: fires once, at the first (EDT)")
    }

    @Test func lordHoweShiftsByHalfAnHour() throws {
        let spring = try #require(TriggerSpec.at("2026-10-04 02:15", zone: Self.lordHowe).nextOccurrence(after: .distantPast))
        #expect(spring.scheduled == Self.utc("2026-10-03T15:45:00Z"))
        #expect(spring.localTime.description == "2026-10-04 02:45")
        #expect(spring.dstNote?.contains("moved forward by the 30 min gap to 02:45") == true)
        let autumn = try #require(TriggerSpec.at("2026-04-05 01:45", zone: Self.lordHowe).nextOccurrence(after: .distantPast))
        #expect(autumn.scheduled == Self.utc("2026-04-04T14:45:00Z"))
        #expect(autumn.adjustment == .firstOfTwo(repeatAfter: 1800))
    }

    @Test func aZoneWithoutDaylightSavingIsNeverAdjusted() throws {
        let spec = try TriggerSpec.cron("30 2 * * *", zone: Self.tokyo)
        let year = spec.occurrences(after: Self.utc("2026-01-01T00:00:00Z"), through: Self.utc("2027-01-01T00:00:00Z"))
        #expect(year.count == 365)
        #expect(year.allSatisfy { $0.adjustment == nil && $0.utcOffset == 9 * 3600 && $0.localTime.hour == 2 })
    }

    @Test func anHourlyCronFiresEveryRealHourAcrossTransitions() throws {
        let spec = try TriggerSpec.cron("0 * * * *", zone: Self.berlin)
        for (from, to) in [("2026-03-28T20:00:00Z", "2026-03-29T06:00:00Z"), ("2026-10-24T20:00:00Z", "2026-10-25T06:00:00Z")] {
            let hours = spec.occurrences(after: Self.utc(from), through: Self.utc(to))
            #expect(hours.count == 10)
            #expect(zip(hours, hours.dropFirst()).allSatisfy { $1.scheduled.timeIntervalSince($0.scheduled) == 3600 })
            #expect(hours.allSatisfy { $0.adjustment == nil })
        }
        // Every 15 minutes through the repeated hour: both passes of 02:xx, no gap, no double.
        let quarter = try TriggerSpec.cron("*/15 * * * *", zone: Self.berlin)
            .occurrences(after: Self.utc("2026-10-24T23:00:00Z"), through: Self.utc("2026-10-25T03:00:00Z"))
        #expect(quarter.count == 16)
        #expect(quarter.map(\.localTime.hour) == [1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4])
    }

    @Test func anIntervalIsElapsedTime() throws {
        let anchor = Self.utc("2026-03-28T23:00:00Z")
        let spec = try TriggerSpec.every("1h", anchor: anchor, zone: Self.berlin)
        let hours = spec.occurrences(after: anchor, count: 4)
        #expect(hours.map { $0.scheduled.timeIntervalSince(anchor) } == [3600, 7200, 10800, 14400])
        #expect(hours.map(\.localTime.hour) == [1, 3, 4, 5])  // the clocks jumped; the interval did not
        #expect(spec.nextOccurrence(after: anchor.addingTimeInterval(-1))?.scheduled == anchor)
    }

    @Test func nothingIsReturnedAtOrBeforeTheInstantAskedAbout() throws {
        let specs: [TriggerSpec] = [
            try .cron("0 19 * * FRI", zone: Self.berlin), try .cron("*/5 * * * *", zone: Self.newYork),
            try .weekly("mon,wed 07:30", zone: Self.lordHowe), try .every("90s", anchor: Self.utc("2026-01-01T00:00:00Z")),
        ]
        for spec in specs {
            var after = Self.utc("2026-03-01T00:00:00Z")
            for occurrence in spec.occurrences(after: after, count: 50) {
                #expect(occurrence.scheduled > after)
                // Asking from exactly an occurrence, or a hair before it, gives it or the next one only.
                #expect(spec.nextOccurrence(after: occurrence.scheduled)!.scheduled > occurrence.scheduled)
                #expect(spec.nextOccurrence(after: occurrence.scheduled.addingTimeInterval(-0.001))?.scheduled == occurrence.scheduled)
                after = occurrence.scheduled
            }
        }
        let past = try TriggerSpec.at("2026-01-01 10:00", zone: Self.berlin)  // 09:00Z
        #expect(past.occurrences(after: Self.utc("2026-01-01T08:00:00Z"), count: 3).count == 1)
        #expect(past.nextOccurrence(after: Self.utc("2026-01-01T09:00:00Z")) == nil)
    }

    @Test func cronDaysFollowTheClassicRules() throws {
        // Day-of-month and day-of-week both restricted: either matches.
        let either = try TriggerSpec.cron("0 12 13 * FRI", zone: .utc).occurrences(after: Self.utc("2026-02-01T00:00:00Z"), count: 5)
        #expect(either.map(\.localTime.day) == [6, 13, 20, 27, 6])
        // Only day-of-week restricted: every Friday; 7 is Sunday as well as 0.
        let sundays = try TriggerSpec.cron("0 0 * * 7", zone: .utc).occurrences(after: Self.utc("2026-02-01T00:00:00Z"), count: 3)
        #expect(sundays.allSatisfy { $0.localTime.weekday == 0 })
        // February 29 is found four years on.
        let leap = try TriggerSpec.cron("0 0 29 2 *", zone: .utc).nextOccurrence(after: Self.utc("2026-01-01T00:00:00Z"))
        #expect(leap?.scheduled == Self.utc("2028-02-29T00:00:00Z"))
        let fridays = try TriggerSpec.cron("0 19 * * FRI", zone: Self.berlin).occurrences(after: Self.utc("2026-12-01T00:00:00Z"), count: 2)
        #expect(fridays.map(\.scheduled) == [Self.utc("2026-12-04T18:00:00Z"), Self.utc("2026-12-11T18:00:00Z")])
    }

    @Test func aTimeInTheGapThatCoincidesWithARealTimeFiresOnce() throws {
        // 02:00 and 02:30 move onto 03:00 and 03:30, which also exist: one occurrence each.
        let spec = try TriggerSpec.cron("0,30 2,3 * * *", zone: Self.berlin)
        let day = spec.occurrences(after: Self.utc("2026-03-28T12:00:00Z"), through: Self.utc("2026-03-29T12:00:00Z"))
        #expect(day.map(\.scheduled) == [Self.utc("2026-03-29T01:00:00Z"), Self.utc("2026-03-29T01:30:00Z")])
        #expect(day.allSatisfy { $0.adjustment == .movedForward(gap: 3600) })
    }

    @Test func enumeratingAMonthOfMinutesIsCheap() throws {
        let spec = try TriggerSpec.cron("* * * * *", zone: Self.berlin)
        let start = Self.utc("2026-03-15T00:00:00Z")
        let clock = ContinuousClock()
        var count = 0
        let elapsed = clock.measure {
            for _ in spec.occurrences(after: start).prefix(while: { $0.scheduled <= start.addingTimeInterval(30 * 86_400) }) {
                count += 1
            }
        }
        #expect(count == 30 * 1440)
        #expect(elapsed < .seconds(5))
    }
}
