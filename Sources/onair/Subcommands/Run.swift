import ArgumentParser
import OnAirEngine
import OnAirLua

extension OnAirCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a script or playbook now.",
            discussion: """
                The script runs sandboxed, under memory, CPU and (optional) wall-clock limits. Ctrl-C \
                stops it: its <close> handlers run and the exit code is 130. Exit codes: 0 success, \
                1 script or provider error, 2 usage error, 3 limit hit, 130 interrupted.
                """
        )

        @Argument(help: "The Lua script to run.")
        var file: String

        @OptionGroup var profileOptions: ProfileOptions
        @OptionGroup var limitOptions: LimitOptions
        @OptionGroup var scriptArguments: ScriptArguments

        @Flag(help: "Print the outcome (results or error) as JSON on standard output.")
        var json = false

        func run() async throws {
            let limits = try limitOptions.limits()
            let arguments = try scriptArguments.table()
            guard let source = LuaFiles.read(file) else {
                Terminal.writeError("onair run: cannot read '\(file)': no such file, or not readable\n")
                throw ExitCode(ExitStatus.usage)
            }
            let setup = try HostSetup(profileOptions: profileOptions, limits: limits, logLabel: "onair.script")
            let providers = setup.providers
            let host = LuaHost(configuration: setup.configuration)
            let script = LuaScript(name: file, source: source, directory: Paths.directory(of: file))
            let result = await Interruption.run { await host.run(script, arguments: arguments) }
            await providers.shutdown()
            RunPresenter(json: json).present(result)
            if result.exitCode != 0 { throw ExitCode(result.exitCode) }
        }
    }
}
