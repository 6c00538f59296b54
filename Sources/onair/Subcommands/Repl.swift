import ArgumentParser
import OnAirEngine
import OnAirLua

extension OnAirCommand {
    struct Repl: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "repl",
            abstract: "Interactive Lua with every binding, for ad-hoc operations during a show.",
            discussion: """
                Expressions print their values; `local` at the start of a line persists. Tab completes \
                names and fields, Up/Down recall history (kept across sessions), an open `function`, \
                `do`, `{` or string continues on the next line. Ctrl-C stops the running line, Ctrl-D \
                exits. `.help` lists the helpers. With piped input there is no prompt and no colour, and \
                the exit code is that of the last failing line.
                """
        )

        @OptionGroup var profileOptions: ProfileOptions
        @OptionGroup var limitOptions: LimitOptions

        func run() async throws {
            let limits = try limitOptions.limits()
            var setup = try HostSetup(profileOptions: profileOptions, limits: limits, logLabel: "onair.repl")
            setup.configuration.output = { Terminal.writeOutput($0) }
            let providers = setup.providers
            let environment = ProcessEnvironment.current
            let session: LuaSession
            do {
                session = try LuaSession(configuration: setup.configuration)
            } catch {
                await providers.shutdown()
                throw error
            }
            let frontend = ReplFrontend(
                session: session, profile: providers.engine.directory.profile,
                history: ReplHistory(environment: environment))
            let status = await frontend.run()
            await providers.shutdown()
            if status != 0 { throw ExitCode(status) }
        }
    }
}
