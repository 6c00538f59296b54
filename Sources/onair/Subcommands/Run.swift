import ArgumentParser
import OnAirEngine
import OnAirLua
import OnAirStore

extension OnAirCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
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
            try await Self.execute(RunRequest(
                file: file, playbook: playbook, profile: profileOptions.profile, config: profileOptions.config,
                limits: try limitOptions.limits(), arguments: try scriptArguments.table(), store: storeOptions.store, json: json))
        }

        /// What `onair run` was asked, as plain values (also built without the argument parser
        /// for the plain `onair run FILE`, see `OnAirCommand.main`).
        struct RunRequest {
            var file: String
            var playbook: String? = nil
            var profile: String? = nil
            var config: String? = nil
            var limits = LuaLimits()
            var arguments: LuaValue = .table(LuaTable())
            var store: String? = nil
            var json = false
        }

        static func execute(_ request: RunRequest) async throws {
            let file = request.file
            guard let source = LuaFiles.read(file) else {
                Terminal.writeError("onair run: cannot read '\(file)': no such file, or not readable\n")
                throw ExitCode(ExitStatus.usage)
            }
            let script = LuaScript(name: file, source: source, directory: Paths.directory(of: file))
            let store = try StoreOptions.openWhenUsed(request.store)
            defer { try? store.close() }
            // Made last: its HTTP client must be shut down, so nothing may throw once it exists.
            let setup = try HostSetup(profile: request.profile, config: request.config, limits: request.limits, logLabel: "onair.script")
            let providers = setup.providers
            var runnerConfiguration = PlaybookRunner.Configuration(host: setup.configuration)
            runnerConfiguration.failpoint = Failpoint.fromEnvironment(ProcessEnvironment.current)
            let runner = PlaybookRunner(configuration: runnerConfiguration, directory: providers.engine.directory, store: store)
            let progress = RunProgress()
            let given = request.arguments.tableValue ?? LuaTable()
            let playbook = request.playbook
            let outcome = await Interruption.run {
                await runner.runFile(script, playbook: playbook, arguments: given, events: { progress.show($0) })
            }
            await providers.shutdown()
            let presenter = RunPresenter(json: request.json)
            switch outcome {
            case .script(let result):
                presenter.present(result)
                if result.exitCode != 0 { throw ExitCode(result.exitCode) }
            case .playbook(let run):
                presenter.present(LuaRunResult(values: [], error: run.error, cpuTime: .zero, peakMemory: 0))
                if !run.tornDown {
                    Terminal.writeError("onair run: some resources could not be torn down; they stay in the ledger (onair status) with their stop deadlines, for onair daemon\n")
                }
                if run.exitCode != 0 { throw ExitCode(run.exitCode) }
            }
        }
    }
}
