import Foundation
import Testing

/// `onair schedule`: a file's triggers recorded with a snapshot, listed, previewed with
/// daylight-saving notes, paused, resumed and cancelled.
@Suite struct ScheduleCommandTests {
    func store() -> [String: String] {
        ["ONAIR_STORE": FileManager.default.temporaryDirectory.appendingPathComponent("onair-store-\(UUID().uuidString)/s.sqlite").path]
    }

    @Test func theExamplesAreRecordedAndListed() throws {
        let environment = store()
        let weekly = try CLI.run(["schedule", "add", "examples/weekly-friday-simulcast.lua"], environment: environment)
        #expect(weekly.status == 0, "\(weekly.stderr)")
        #expect(weekly.stdout.contains("friday-simulcast  weekly \"fri 19:00\" Europe/Berlin  next "))
        let once = try CLI.run(["schedule", "add", "examples/one-off-event.lua"], environment: environment)
        #expect(once.status == 0, "\(once.stderr)")
        let list = try CLI.run(["schedule", "list"], environment: environment)
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.hasSuffix("active") })
        let id = String(lines[0].prefix { $0 != " " })
        let paused = try CLI.run(["schedule", "pause", id, "--until", "2030-01-01T00:00:00Z"], environment: environment)
        #expect(paused.status == 0, "\(paused.stderr)")
        #expect(try CLI.run(["schedule", "list"], environment: environment).stdout.contains("paused"))
        #expect(try CLI.run(["schedule", "resume", id], environment: environment).status == 0)
        #expect(try CLI.run(["schedule", "cancel", id], environment: environment).status == 0)
        #expect(try CLI.run(["schedule", "list"], environment: environment).stdout.split(separator: "\n").count == 1)
        #expect(try CLI.run(["schedule", "list", "--all"], environment: environment).stdout.contains("cancelled"))
    }

    @Test func nextShowsDaylightSavingNotes() throws {
        let environment = store()
        let file = try CLI.script("night.lua", """
            local job = playbook "night-check" { tz = "Europe/Berlin" }
            function job.run(ctx) end
            schedule.weekly("sun 02:30", job, { tz = "Europe/Berlin" })
            """)
        let added = try CLI.run(["schedule", "add", file], environment: environment)
        #expect(added.status == 0, "\(added.stderr)")
        let id = String(added.stdout.dropFirst("added ".count).prefix { $0 != " " })
        let next = try CLI.run(["schedule", "next", id, "-n", "60"], environment: environment)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stdout.contains("does not exist on 2027-03-28 in Europe/Berlin: moved forward by the 1 h gap to 03:30"))
        #expect(next.stdout.contains("occurs twice on 2027-10-31 in Europe/Berlin: fires once, at the first"))
    }

    @Test func mistakesNameTheFieldAndTheLine() throws {
        let file = try CLI.script("bad.lua", """
            local job = playbook "bad" {}
            schedule.cron("0 25 * * *", job, { tz = "Europe/Berlin" })
            """)
        let outcome = try CLI.run(["schedule", "add", file], environment: store())
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("bad.lua:2: schedule.cron: cron \"0 25 * * *\": hour 25 is out of range 0-23"))
        let empty = try CLI.script("empty.lua", "return 1")
        #expect(try CLI.run(["schedule", "add", empty], environment: store()).status == 2)
        #expect(try CLI.run(["schedule", "next", "no-such-id"], environment: store()).status == 2)
    }

    @Test func readingAFileCallsNoProvider() throws {
        let file = try CLI.script("eager.lua", """
            live_input.create{}
            schedule.every("15m", function() end)
            """)
        let outcome = try CLI.run(["schedule", "add", file], environment: store())
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("providers are not called at the top level of a playbook file; call them in run(ctx, args)"))
    }
}
