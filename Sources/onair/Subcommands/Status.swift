import ArgumentParser
import Foundation
import OnAirEngine
import OnAirStore

extension OnAirCommand {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Live resources in the ledger, with their owning run and guaranteed stop deadline.")

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let store = try storeOptions.open()
            defer { try? store.close() }
            let resources = try await store.allLiveResources()
            let deadlines = Dictionary(
                try await store.pendingStopObligations().map { ($0.resourceID, $0.dueAt) }, uniquingKeysWith: min)
            var runs: [String: StoredRun] = [:]
            for id in Set(resources.map(\.runID)) { runs[id] = try? await store.run(id: id) }
            let unfinished = try await store.unfinishedRuns()
            if resources.isEmpty {
                print("nothing live in the ledger" + (unfinished.isEmpty ? "" : "; \(unfinished.count) unfinished run(s), see onair runs"))
                return
            }
            let rows = resources.map { resource -> [String] in
                let run = runs[resource.runID]
                let stop: String
                if resource.keep {
                    stop = "kept"
                } else if let due = resource.id.flatMap({ deadlines[$0] }) {
                    stop = Occurrence.utcText(due)
                } else {
                    stop = "with its run"
                }
                return [
                    "\(resource.provider) \(resource.kind) \(resource.providerID)",
                    "\(resource.runID.prefix(8)) \(run?.playbook ?? "?") (\(run?.status.rawValue ?? "?"))",
                    Occurrence.utcText(resource.createdAt), stop,
                ]
            }
            Table.print(header: ["RESOURCE", "RUN", "CREATED", "STOP BY"], rows: rows)
        }
    }

    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "runs", abstract: "Run history, newest first, with each step's outcome.")

        @Option(help: "Only the runs of this schedule.") var schedule: String?
        @Option(name: .short, help: "How many runs to show.") var n: Int = 20
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let store = try storeOptions.open()
            defer { try? store.close() }
            let history = try await store.runHistory(scheduleID: schedule, limit: max(1, n))
            if history.isEmpty {
                print("no runs yet")
                return
            }
            for entry in history {
                let run = entry.run
                var line = "\(run.id)  \(run.playbook)  \(run.status.rawValue)  started \(Occurrence.utcText(run.startedAt))"
                if let finished = run.finishedAt { line += "  finished \(Occurrence.utcText(finished))" }
                if let scheduleID = run.scheduleID, let at = run.scheduledAt {
                    line += "  schedule \(scheduleID.prefix(8)) for \(Occurrence.utcText(at))"
                }
                print(line)
                if let error = run.error { print("    error: \(error)") }
                for step in entry.steps {
                    let mark = switch step.status {
                    case .done: "ok"
                    case .failed: "failed"
                    case .intent: "unfinished"
                    }
                    let attempts = step.attempts > 1 ? " (\(step.attempts) attempts)" : ""
                    print("    \(mark.padding(toLength: 10, withPad: " ", startingAt: 0)) \(step.name)\(attempts)" + (step.error.map { ": \($0)" } ?? ""))
                }
            }
        }
    }
}

/// Aligned columns for listings.
enum Table {
    static func print(header: [String], rows: [[String]]) {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            let line = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
            Swift.print(line)
        }
    }
}
