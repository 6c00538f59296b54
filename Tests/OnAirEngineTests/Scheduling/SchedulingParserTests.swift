import Foundation
import OnAirEngine
import Testing

/// The parsers of the four trigger forms, durations and options: what they accept, and errors that
/// name the input and the field at fault.
@Suite struct SchedulingParserTests {
    static let berlin = try! ScheduleZone(identifier: "Europe/Berlin")

    func cronError(_ text: String) -> String? {
        do {
            _ = try CronExpression(parsing: text)
            return nil
        } catch let error as ScheduleError {
            #expect(error.kind == .invalidCron)
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func cronErrorsNameTheFieldAtFault() {
        #expect(cronError("0 25 * * *") == #"cron "0 25 * * *": hour 25 is out of range 0-23"#)
        #expect(cronError("60 * * * *") == #"cron "60 * * * *": minute 60 is out of range 0-59"#)
        #expect(cronError("0 0 0 * *") == #"cron "0 0 0 * *": day-of-month 0 is out of range 1-31"#)
        #expect(cronError("0 0 * 13 *") == #"cron "0 0 * 13 *": month 13 is out of range 1-12"#)
        #expect(cronError("0 0 * * 8") == #"cron "0 0 * * 8": day-of-week 8 is out of range 0-7"#)
        #expect(cronError("0 25 * *") == #"cron "0 25 * *": expected 5 fields (minute hour day-of-month month day-of-week), found 4"#)
        #expect(cronError("0 19 * * FRY") == #"cron "0 19 * * FRY": day-of-week "FRY" is not a number or a day name (SUN-SAT)"#)
        #expect(cronError("0 19 * FRI *") == #"cron "0 19 * FRI *": month "FRI" is not a number or a month name (JAN-DEC)"#)
        #expect(cronError("*/0 * * * *") == #"cron "*/0 * * * *": minute step "0" must be a whole number of at least 1"#)
        #expect(cronError("0 17-9 * * *") == #"cron "0 17-9 * * *": hour range 17-9 is backwards (write it as two ranges)"#)
        #expect(cronError("0,,5 * * * *") == #"cron "0,,5 * * * *": minute "0,,5" has an empty list item"#)
        #expect(cronError("0 0 30 2 *") == #"cron "0 0 30 2 *": day-of-month 30 never occurs in FEB"#)
        #expect(cronError("@fortnightly") != nil)
    }

    @Test func cronAcceptsListsRangesStepsNamesAndMacros() throws {
        for text in ["0 19 * * FRI", "0 19 * * fri", "*/15 9-17 * * MON-FRI", "0,30 8,20 1,15 JAN,jul *", "5/20 * * * *",
                     "0 0 * * 7", "0 0 * * 0-7", "0 0 29 2 *", "@daily", "@hourly", "@weekly", "@monthly", "@yearly"] {
            #expect(throws: Never.self) { try CronExpression(parsing: text) }
        }
        #expect(try CronExpression(parsing: "0 19 * * FRI").hasFixedHour)
        #expect(try CronExpression(parsing: "0 9,17 * * *").hasFixedHour)
        #expect(try !CronExpression(parsing: "0 * * * *").hasFixedHour)
        #expect(try !CronExpression(parsing: "0 */2 * * *").hasFixedHour)
    }

    @Test func weeklyParsesDaysRangesAndTimes() throws {
        #expect(try WeeklySchedule(parsing: "fri 19:00", zone: Self.berlin).days == [5])
        #expect(try WeeklySchedule(parsing: "mon,wed 07:30", zone: Self.berlin).days == [1, 3])
        #expect(try WeeklySchedule(parsing: "Mon-Fri 9:00", zone: Self.berlin).days == [1, 2, 3, 4, 5])
        #expect(try WeeklySchedule(parsing: "fri-mon 23:00", zone: Self.berlin).days == [0, 1, 5, 6])
        #expect(try WeeklySchedule(parsing: "saturday 10:15", zone: Self.berlin).timeOfDay == 10 * 3600 + 15 * 60)
        func message(_ text: String) -> String? {
            do { _ = try WeeklySchedule(parsing: text, zone: Self.berlin); return nil } catch { return "\(error)" }
        }
        #expect(message("fri") == #"weekly "fri": expected days and a time, e.g. "fri 19:00" or "mon,wed 07:30""#)
        #expect(message("fry 19:00") == #"weekly "fry 19:00": "fry" is not a day (use sun, mon, tue, wed, thu, fri, sat)"#)
        #expect(message("fri 25:00") == #"weekly "fri 25:00": hour 25 is out of range 0-23"#)
        #expect(message("fri 19:60") == #"weekly "fri 19:60": minute 60 is out of range 0-59"#)
        #expect(message("fri 7pm") == #"weekly "fri 7pm": "7pm" is not a time of day (write HH:MM, e.g. 19:00)"#)
    }

    @Test func atReadsWallClockTimesAndInstantsWithOffsets() throws {
        let local = try AtSchedule(parsing: "2026-12-04 19:00", zone: Self.berlin)
        #expect(local.time == .wallClock(LocalDateTime(year: 2026, month: 12, day: 4, hour: 19)!))
        #expect(local.occurrence.scheduled == Date(timeIntervalSince1970: 1_796_407_200))  // 18:00Z
        for text in ["2026-12-04T18:00:00Z", "2026-12-04T19:00:00+01:00", "2026-12-04 13:00-0500", "2026-12-04T19:00+01"] {
            let at = try AtSchedule(parsing: text, zone: Self.berlin)
            #expect(at.occurrence.scheduled == Date(timeIntervalSince1970: 1_796_407_200), "\(text)")
        }
        func message(_ text: String) -> String? {
            do { _ = try AtSchedule(parsing: text, zone: Self.berlin); return nil } catch { return "\(error)" }
        }
        #expect(message("2026-02-30 19:00") == #"at "2026-02-30 19:00": day 30 does not exist in 2026-02"#)
        #expect(message("2026-12-04 24:00") == #"at "2026-12-04 24:00": hour 24 is out of range 00-23"#)
        #expect(message("tomorrow") != nil)
        #expect(message("2026-12-04 19:00 CET")?.contains("is not a UTC offset") == true)
    }

    @Test func durationsReadAndWriteTheScriptForms() throws {
        #expect(try ScheduleDuration.parse("90s") == .seconds(90))
        #expect(try ScheduleDuration.parse("5m") == .seconds(300))
        #expect(try ScheduleDuration.parse("2h") == .seconds(7200))
        #expect(try ScheduleDuration.parse("1h30m") == .seconds(5400))
        #expect(try ScheduleDuration.parse("250ms") == .milliseconds(250))
        #expect(try ScheduleDuration.parse("1.5h") == .seconds(5400))
        #expect(ScheduleDuration.format(.seconds(5400)) == "1h30m")
        #expect(ScheduleDuration.format(.seconds(90)) == "1m30s")
        #expect(ScheduleDuration.format(.milliseconds(250)) == "250ms")
        #expect(throws: ScheduleError.self) { try ScheduleDuration.parse("5") }
        do {
            _ = try ScheduleDuration.parse("5x", what: "start_within")
        } catch let error as ScheduleError {
            #expect(error.description == #"start_within "5x": unknown unit "x" (use ms, s, m, h or d)"#)
            #expect(error.kind == .invalidDuration)
        }
        do {
            _ = try EverySchedule(parsing: "250ms", anchor: Date(timeIntervalSince1970: 0))
            Issue.record("a 250 ms interval was accepted")
        } catch let error as ScheduleError {
            #expect(error.description == #"every "250ms": the interval must be at least 1s"#)
        }
    }

    @Test func optionsAndZonesRejectUnknownValues() throws {
        let options = try TriggerOptions(duration: "2h", startWithin: "90s", overlap: "queue", catchUp: "all")
        #expect(options == TriggerOptions(duration: .seconds(7200), startWithin: .seconds(90), overlap: .queue, catchUp: .all))
        #expect(TriggerOptions().startWithin == .seconds(300))
        #expect(TriggerOptions().overlap == .skip && TriggerOptions().catchUp == .latest)
        do {
            _ = try TriggerOptions(duration: nil, startWithin: nil, overlap: "merge", catchUp: nil)
        } catch let error as ScheduleError {
            #expect(error.description == #"overlap "merge": must be one of skip, queue, replace, allow"#)
        }
        do {
            _ = try ScheduleZone(identifier: "Mars/Olympus")
        } catch let error as ScheduleError {
            #expect(error.kind == .unknownTimeZone)
            #expect(error.description.hasPrefix(#"tz "Mars/Olympus": is not a known IANA time zone"#))
        }
    }

    @Test func specsOptionsAndSnapshotsSurviveTheStore() throws {
        let anchor = Date(timeIntervalSince1970: 1_767_225_600)
        let specs: [TriggerSpec] = [
            try .at("2026-12-04 19:00", zone: Self.berlin), .at(AtSchedule(instant: anchor)),
            try .weekly("mon,wed 07:30", zone: Self.berlin), try .cron("0 19 * * FRI", zone: Self.berlin),
            try .every("1h30m", anchor: anchor, zone: Self.berlin),
        ]
        let encoder = JSONEncoder()
        for spec in specs {
            let data = try encoder.encode(spec)
            #expect(try JSONDecoder().decode(TriggerSpec.self, from: data) == spec)
        }
        let options = TriggerOptions(duration: .seconds(7200), startWithin: .seconds(60), overlap: .replace, catchUp: .none)
        let json = String(decoding: try encoder.encode(options), as: UTF8.self)
        #expect(json.contains(#""start_within":"1m""#) && json.contains(#""duration":"2h""#))
        #expect(try JSONDecoder().decode(TriggerOptions.self, from: encoder.encode(options)) == options)

        var machine = TriggerStateMachine(spec: specs[4], options: .init(overlap: .queue), cursor: anchor)
        _ = machine.recoveredAfterDowntime(now: anchor.addingTimeInterval(5400))
        let snapshot = machine.snapshot
        #expect(try JSONDecoder().decode(TriggerStateMachine.Snapshot.self, from: encoder.encode(snapshot)) == snapshot)
        // A stored cron that no longer parses is refused when read back.
        let broken = Data(#"{"cron":{"_0":{"expression":"0 25 * * *","tz":"UTC"}}}"#.utf8)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(TriggerSpec.self, from: broken) }
    }
}
