import ArgumentParser
import Foundation
import OnAirEngine
import OnAirLua

extension OnAirCommand {
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Dry run: a playbook's trigger times, provider calls and teardown order; nothing is called.",
            discussion: """
                The playbook runs with every provider binding replaced by a recorder (made-up objects \
                come back, lists are empty), holds return at once on a simulated clock, and nothing \
                is stored. The run starts at --at (an ISO 8601 time with an offset, or "2026-12-04 \
                19:00" in the schedule's zone), by default at the next time its first schedule fires.
                """
        )

        @Argument(help: "The playbook file.") var file: String
        @Option(help: "When the planned run starts.") var at: String?
        @Option(help: "Which playbook of the file (default: the first).") var playbook: String?
        @Option(name: .short, help: "How many trigger times to show per schedule.") var n: Int = 5
        @OptionGroup var scriptArguments: ScriptArguments

        func run() async throws {
            guard let source = LuaFiles.read(file) else {
                Terminal.writeError("onair plan: cannot read '\(file)'\n")
                throw ExitCode(ExitStatus.usage)
            }
            let script = LuaScript(name: file, source: source, directory: Paths.directory(of: file))
            let declared: PlaybookFile
            do {
                declared = try await PlaybookFile.inspect(script)
            } catch let error as LuaError {
                Terminal.writeError(error.rendered + "\n")
                throw ExitCode(ExitStatus.failure)
            }
            guard let name = playbook ?? declared.playbooks.first?.name else {
                throw ValidationError("\(file) declares no playbook (playbook \"name\" { ... } with a run function)")
            }
            guard declared.playbooks.contains(where: { $0.name == name }) else {
                throw ValidationError("--playbook \(name): \(file) declares no such playbook")
            }
            let schedule = declared.schedules.first { $0.playbook == name }
            let now = Date()
            let start: Date
            if let at {
                do {
                    let spec = try TriggerSpec.at(at, zone: schedule?.spec.zone ?? .utc)
                    guard let first = spec.occurrences(after: .distantPast, count: 1).first else { throw ValidationError("--at: no such time") }
                    start = first.scheduled
                } catch let error as ScheduleError {
                    throw ValidationError("--at: \(error)")
                }
            } else {
                start = schedule?.spec.occurrences(after: now, count: 1).first?.scheduled ?? now
            }

            print("playbook \"\(name)\" in \(file)")
            if declared.schedules.isEmpty {
                print("\ntriggers: none (run it with onair run)")
            } else {
                print("\ntriggers:")
                for declaration in declared.schedules {
                    print("  \(declaration.written) \(declaration.spec.zone.identifier) -> \(declaration.playbook)")
                    for occurrence in declaration.spec.occurrences(after: start.addingTimeInterval(-1), count: max(1, n)) {
                        print("    \(occurrence)" + (occurrence.dstNote.map { "  (\($0))" } ?? ""))
                    }
                }
            }

            let arguments = declared.arguments(for: name, overriding: try scriptArguments.table().tableValue ?? LuaTable())
            let report = await PlaybookPlan.plan(script, playbook: name, arguments: .table(arguments), start: start)
            print("\nprovider calls of a run starting \(Occurrence.utcText(start)):")
            var step: String?
            var number = 0
            for call in report.calls {
                if call.text.hasPrefix("hold ") || call.text.hasPrefix("log ") {
                    print("  \(call.text)")
                    continue
                }
                if call.step != step {
                    print(call.step.map { $0 == PlaybookPlan.undoStep ? "  teardown: the steps' own :undo code" : "  step \($0)" } ?? "  outside any step")
                }
                step = call.step
                number += 1
                print("    \(number). \(call.text)")
            }
            if number == 0 { print("  (none)") }
            let grace: TimeInterval = 60
            print("\nteardown when the run ends (\(Occurrence.utcText(report.end))), newest first:")
            let torn = report.teardown.filter { !$0.keep }
            for (index, entry) in torn.enumerated() {
                let obligation = entry.isOutput ? "  stop obligation \(Occurrence.utcText(report.end.addingTimeInterval(grace)))" : ""
                print("  \(index + 1). \(entry.provider) \(entry.kind) \(entry.id) by \(entry.teardown)\(obligation)")
            }
            if torn.isEmpty { print("  (nothing)") }
            for entry in report.teardown where entry.keep {
                print("  kept: \(entry.provider) \(entry.kind) \(entry.id) (keep = true)")
            }
            print("\nno provider was called.")
            if let error = report.error {
                Terminal.writeError("\nthe planned run ended with an error:\n\(error.rendered)\n")
                throw ExitCode(ExitStatus.failure)
            }
        }
    }
}
