import ArgumentParser
import Foundation
import OnAirEngine
import OnAirLua
import OnAirStore
#if canImport(Glibc)
import Glibc
#endif

extension OnAirCommand {
    struct Daemon: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "daemon",
            abstract: "Fire the store's schedules, run their playbooks, and guarantee teardown.",
            discussion: """
                On start it takes over what an earlier engine left: a scheduled run whose end is still \
                ahead goes on from its journal (finished steps are not repeated, a hold waits only what \
                is left); any other unfinished run is torn down. Due stop obligations are honoured \
                however late. Schedules added, paused or cancelled with `onair schedule` are picked up \
                within a second. Ctrl-C or SIGTERM stops the daemon without tearing down runs in \
                progress: the next start resumes them (their stop obligations stand meanwhile).
                """
        )

        @OptionGroup var profileOptions: ProfileOptions
        @OptionGroup var limitOptions: LimitOptions
        @OptionGroup var storeOptions: StoreOptions

        @Option(help: "How long after a run's end its outputs are stopped at the latest (e.g. 60s, 5m).")
        var grace: String = "60s"

        func run() async throws {
            let limits = try limitOptions.limits()
            let grace: Duration
            do { grace = try ScheduleDuration.parse(self.grace, what: "--grace") } catch { throw ValidationError("\(error)") }
            let store = try storeOptions.open()
            defer { try? store.close() }
            let setup = try HostSetup(profileOptions: profileOptions, limits: limits, logLabel: "onair.script")
            var configuration = PlaybookRunner.Configuration(host: setup.configuration, grace: grace)
            configuration.failpoint = Failpoint.fromEnvironment(ProcessEnvironment.current)
            let runner = PlaybookRunner(configuration: configuration, directory: setup.providers.engine.directory, store: store)
            let daemon = EngineDaemon(store: store, runner: runner, clock: ContinuousClock(), report: DaemonLog.write)
            Terminal.writeError("onair daemon: store \(storeOptions.location), profile '\(setup.providers.engine.directory.profile.name)'\n")
            await Interruption.run(leaving: true) { await daemon.run() }
            await setup.providers.shutdown()
        }
    }
}

/// The daemon's log on standard error: one line per decision, run event and obligation.
enum DaemonLog {
    static func write(_ report: EngineDaemon<ContinuousClock>.Report) {
        let line: String
        switch report {
        case .recovered(let runs, let resumed):
            line = runs == 0 ? "no unfinished run to take over" : "took over \(runs) unfinished run\(runs == 1 ? "" : "s"): \(resumed) resumed, \(runs - resumed) torn down"
        case .armed(let id, let playbook, let next):
            line = "armed schedule \(id.prefix(8)) (\(playbook))" + (next.map { ", next wake \(Occurrence.utcText($0))" } ?? ", nothing left to fire")
        case .removed(let id):
            line = "schedule \(id.prefix(8)) cancelled: disarmed"
        case .decided(let id, let decision, let scheduled, let count):
            line = "schedule \(id.prefix(8)) \(Occurrence.utcText(scheduled)): \(decision)" + (count > 1 ? " (\(count) occurrences)" : "")
        case .run(_, let runID, let event):
            guard let text = describe(event) else { return }
            line = "run \(runID.prefix(8)): \(text)"
        case .stopObligation(let resource, let done):
            line = done ? "stop obligation due: \(resource) stopped" : "stop obligation due: \(resource) not stopped yet, retrying"
        case .problem(let text):
            line = "problem: \(text)"
        }
        Terminal.writeError("\(RunProgress.time(Date())) \(line)\n")
    }

    static func describe(_ event: RunEvent) -> String? {
        switch event {
        case .started(_, let playbook, let endsAt): "started \(playbook)" + (endsAt.map { ", ends \(Occurrence.utcText($0))" } ?? "")
        case .stepStarted(let name, _) where name.hasPrefix("ctx:"): nil
        case .stepStarted(let name, let replayed): "step \(name)" + (replayed ? " (from the journal)" : "")
        case .stepFinished(let name, let failed): failed ? "step \(name) failed" : nil
        case .recorded(let kind, let provider, let id, _, let due): "+ \(provider) \(kind) \(id)" + (due.map { ", stop by \(Occurrence.utcText($0))" } ?? "")
        case .holding(let until): "holding until \(Occurrence.utcText(until))"
        case .tearingDown(let count): "tearing down \(count)"
        case .tornDown(let kind, let provider, let id): "- \(provider) \(kind) \(id)"
        case .teardownFailed(let kind, let provider, let id, let error, let attempt): "! \(provider) \(kind) \(id) attempt \(attempt): \(error)"
        case .finished(let status): status
        }
    }
}
