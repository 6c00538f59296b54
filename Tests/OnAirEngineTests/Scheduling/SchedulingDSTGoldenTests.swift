import Foundation
import OnAirEngine
import Testing

/// The DST rule against an independent source: `scripts/generate-dst-golden.py` computes, with
/// Python's zoneinfo, the occurrences of `at`, `weekly`, `cron` and `every` triggers around every
/// transition of 2026–2030 in Europe/Berlin, America/New_York, Australia/Lord_Howe (30-minute
/// shift) and Asia/Tokyo (no DST); these tests compute the same with OnAir and compare line by line.
@Suite struct SchedulingDSTGoldenTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Tokyo"]

    @Test(arguments: zones) func occurrencesMatchTheGoldenTable(zone name: String) throws {
        let text = try String(contentsOf: Self.goldenDirectory.appendingPathComponent(Self.fileName(name)), encoding: .utf8)
        let zone = try ScheduleZone(identifier: name)
        let cases = Self.cases(in: text)
        #expect(cases.count > 200)
        var mismatches: [String] = []
        var kinds: Set<String> = []
        for golden in cases {
            kinds.insert(String(golden.header.dropFirst(5).prefix { $0 != " " }))
            let actual = try Self.render(golden.header, zone: zone)
            if actual != golden.lines {
                mismatches.append("\(golden.header)\n  expected:\n\(golden.lines.joined(separator: "\n"))\n  actual:\n\(actual.joined(separator: "\n"))")
            }
        }
        #expect(kinds == ["at", "weekly", "cron", "every"])
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(cases.count) cases differ; first: \(mismatches.first ?? "")")
    }

    /// Every transition of the five years appears in the table (two a year where the zone has DST).
    @Test(arguments: zones) func theTableCoversEveryTransition(zone name: String) throws {
        let lines = try String(contentsOf: Self.goldenDirectory.appendingPathComponent(Self.fileName(name)), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }
        let text = lines.joined(separator: "\n")
        let transitions = lines.filter { $0.hasPrefix("transition ") }
        #expect(transitions.count == (name == "Asia/Tokyo" ? 0 : 10))
        for year in 2026...2030 where name != "Asia/Tokyo" {
            #expect(transitions.filter { $0.contains(" \(year)-") }.count == 2)
        }
        // The table shows both rules at work: moved-forward and first-of-two for DST zones.
        #expect(text.contains("moved-forward") == (name != "Asia/Tokyo"))
        #expect(text.contains("first-of-two") == (name != "Asia/Tokyo"))
        if name == "Australia/Lord_Howe" {
            #expect(text.contains("moved-forward 1800") && text.contains("first-of-two 1800"))
        }
    }

    /// The committed tables are what the generator writes today (run it again when this fails:
    /// `python3 scripts/generate-dst-golden.py`).
    @Test(.enabled(if: pythonPath != nil)) func theGoldenFilesAreCurrent() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("onair-dst-golden-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.pythonPath!)
        process.arguments = [Self.repositoryRoot.appendingPathComponent("scripts/generate-dst-golden.py").path, output.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        for name in Self.zones {
            let committed = try String(contentsOf: Self.goldenDirectory.appendingPathComponent(Self.fileName(name)), encoding: .utf8)
            let fresh = try String(contentsOf: output.appendingPathComponent(Self.fileName(name)), encoding: .utf8)
            // Comments carry the tzdata version, which may differ between machines.
            func content(_ text: String) -> [Substring] { text.split(separator: "\n").filter { !$0.hasPrefix("#") } }
            #expect(content(committed) == content(fresh),
                    "\(Self.fileName(name)) is stale: run `python3 scripts/generate-dst-golden.py`")
        }
    }

    // MARK: Reading the tables

    static let pythonPath: String? = ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static func fileName(_ zone: String) -> String { zone.replacingOccurrences(of: "/", with: "_") + ".txt" }

    struct GoldenCase {
        var header: String
        var lines: [String] = []
    }

    static func cases(in text: String) -> [GoldenCase] {
        var cases: [GoldenCase] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("case ") {
                cases.append(GoldenCase(header: String(line)))
            } else if line.hasPrefix("  "), !cases.isEmpty {
                cases[cases.count - 1].lines.append(String(line))
            }
        }
        return cases
    }

    /// Computes a case's occurrences with OnAir and renders them as the generator does.
    static func render(_ header: String, zone: ScheduleZone) throws -> [String] {
        // case KIND "SPEC" [anchor A] [after X through Y]
        let parts = header.split(separator: "\"", omittingEmptySubsequences: false)
        let kind = parts[0].dropFirst(5).trimmingCharacters(in: .whitespaces)
        let spec = String(parts[1])
        let words = parts[2].split(separator: " ").map(String.init)
        func instant(after word: String) throws -> Date {
            let index = try #require(words.firstIndex(of: word))
            return try #require(parseUTC(words[index + 1]))
        }
        switch kind {
        case "at":
            return [line(try TriggerSpec.at(spec, zone: zone).nextOccurrence(after: .distantPast)!)]
        case "weekly":
            return try TriggerSpec.weekly(spec, zone: zone).occurrences(after: instant(after: "after"), through: instant(after: "through")).map(line)
        case "cron":
            return try TriggerSpec.cron(spec, zone: zone).occurrences(after: instant(after: "after"), through: instant(after: "through")).map(line)
        case "every":
            return try TriggerSpec.every(spec, anchor: instant(after: "anchor"), zone: zone)
                .occurrences(after: instant(after: "after"), through: instant(after: "through")).map(line)
        default:
            Issue.record("unknown case kind \(kind)")
            return []
        }
    }

    static func line(_ occurrence: Occurrence) -> String {
        var text = "  \(Occurrence.utcText(occurrence.scheduled)) \(occurrence.localTime.isoText)\(offsetText(occurrence.utcOffset))"
        switch occurrence.adjustment {
        case .movedForward(let gap): text += " asked \(occurrence.nominal.isoText) moved-forward \(gap)"
        case .firstOfTwo(let repeatAfter): text += " asked \(occurrence.nominal.isoText) first-of-two \(repeatAfter)"
        case nil: break
        }
        return text
    }

    static func offsetText(_ seconds: Int) -> String {
        let minutes = abs(seconds) / 60
        return (seconds < 0 ? "-" : "+") + String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    static func parseUTC(_ text: String) -> Date? {
        guard let at = try? AtSchedule(parsing: text, zone: .utc), case .instant(let date) = at.time else { return nil }
        return date
    }
}
