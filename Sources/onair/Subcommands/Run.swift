import ArgumentParser
import OnAirEngine
import OnAirLua
import OnAirStore

extension OnAirCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a script or playbook now.",
            discussion: """
                The script runs sandboxed, under memory, CPU and (optional) wall-clock limits. Ctrl-C \
                stops it: its <close> handlers run and the exit code is 130. Exit codes: 0 success, \
                1 script or provider error, 2 usage error, 3 limit hit, 130 interrupted.

                A playbook file (one that declares `playbook "name" { ... }`) runs its playbook as a \
                durable run in the store: steps are journaled, every resource it creates is recorded \
                and torn down, newest first, when the run ends, however it ends (Ctrl-C included). \
                Its arguments are those of its first schedule, overridden by --set.
                """
        )

        @Argument(help: "The Lua script or playbook file to run.")
        var file: String

        @Option(help: "Which playbook of the file to run (default: the first it declares).")
        var playbook: String?

        @OptionGroup var profileOptions: ProfileOptions
        @OptionGroup var limitOptions: LimitOptions
        @OptionGroup var scriptArguments: ScriptArguments
        @OptionGroup var storeOptions: StoreOptions

        @Flag(help: "Print the outcome (results or error) as JSON on standard output.")
        var json = false

        func run() async throws {
            let limits = try limitOptions.limits()
            let arguments = try scriptArguments.table()
            guard let source = LuaFiles.read(file) else {
                Terminal.writeError("onair run: cannot read '\(file)': no such file, or not readable\n")
                throw ExitCode(ExitStatus.usage)
            }
            let script = LuaScript(name: file, source: source, directory: Paths.directory(of: file))
            let declared: PlaybookFile
            do {
                declared = try await PlaybookFile.inspect(script, limits: limits)
            } catch let error as LuaError {
                present(LuaRunResult(values: [], error: error, cpuTime: .zero, peakMemory: 0))
                throw ExitCode(LuaRunResult(values: [], error: error, cpuTime: .zero, peakMemory: 0).exitCode)
            }
            guard declared.isPlaybook else {
                if let playbook { throw ValidationError("--playbook \(playbook): \(file) declares no playbook") }
                let setup = try HostSetup(profileOptions: profileOptions, limits: limits, logLabel: "onair.script")
                let host = LuaHost(configuration: setup.configuration)
                let result = await Interruption.run { await host.run(script, arguments: arguments) }
                await setup.providers.shutdown()
                present(result)
                if result.exitCode != 0 { throw ExitCode(result.exitCode) }
                return
            }
            let name = playbook ?? declared.playbooks[0].name
            guard declared.playbooks.contains(where: { $0.name == name }) else {
                let known = declared.playbooks.map(\.name).joined(separator: ", ")
                throw ValidationError("--playbook \(name): \(file) declares no such playbook (it has: \(known))")
            }
            let given = arguments.tableValue ?? LuaTable()
            let runArguments = declared.arguments(for: name, overriding: given)
            let duration = try Self.duration(runArguments["duration"], declared.schedules.first { $0.playbook == name }?.options.duration)
            let store = try storeOptions.open()
            defer { try? store.close() }
            // Made last: its HTTP client must be shut down, so nothing may throw once it exists.
            let setup = try HostSetup(profileOptions: profileOptions, limits: limits, logLabel: "onair.script")
            let providers = setup.providers
            var runnerConfiguration = PlaybookRunner.Configuration(host: setup.configuration)
            runnerConfiguration.failpoint = Failpoint.fromEnvironment(ProcessEnvironment.current)
            let runner = PlaybookRunner(configuration: runnerConfiguration, directory: providers.engine.directory, store: store)
            let progress = RunProgress()
            let request = PlaybookRunner.Request(script: script, playbook: name, arguments: .table(runArguments), duration: duration)
            let outcome: PlaybookRunner.Outcome
            do {
                let attempt: Result<PlaybookRunner.Outcome, any Error> = await Interruption.run {
                    do { return .success(try await runner.run(request, events: { progress.show($0) })) } catch { return .failure(error) }
                }
                outcome = try attempt.get()
            } catch {
                await providers.shutdown()
                throw ValidationError("cannot start the run: \(error)")
            }
            await providers.shutdown()
            present(LuaRunResult(values: [], error: outcome.error, cpuTime: .zero, peakMemory: 0))
            if !outcome.tornDown {
                Terminal.writeError("onair run: some resources could not be torn down; they stay in the ledger (onair status) with their stop deadlines, for onair daemon\n")
            }
            if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
        }

        private func present(_ result: LuaRunResult) {
            RunPresenter(json: json).present(result)
        }

        /// The run's length: `duration` among its arguments, else its schedule's.
        static func duration(_ value: LuaValue?, _ fallback: Duration?) throws -> Duration? {
            switch value {
            case .string(let text)? where Double(text.description) != nil:
                return .milliseconds(Int64(Double(text.description)! * 1000))
            case .string(let text)?:
                do { return try ScheduleDuration.parse(text.description, what: "duration") } catch {
                    throw ValidationError("duration: \(error)")
                }
            case .integer(let seconds)?: return .seconds(seconds)
            case .number(let seconds)?: return .milliseconds(Int64(seconds * 1000))
            default: return fallback
            }
        }
    }
}
