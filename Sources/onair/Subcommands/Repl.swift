import ArgumentParser
import Logging
import OnAirEngine
import OnAirLua

extension OnAirCommand {
    struct Repl: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
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
            let environment = ProcessEnvironment.current
            let (profileName, profileFile) = try profileOptions.resolve(environment: environment)
            let providers = try ProviderSetup(profileName: profileName, file: profileFile, environment: environment)
            LoggingSystem.bootstrap { label in TerminalLogHandler(label: label) }
            let logger = Logger(label: "onair.repl")
            var configuration = LuaHostConfiguration(limits: limits)
            configuration.log = { record in logger.log(record) }
            configuration.output = { Terminal.writeOutput($0) }
            providers.engine.install(into: &configuration)
            let session: LuaSession
            do {
                session = try LuaSession(configuration: configuration)
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
