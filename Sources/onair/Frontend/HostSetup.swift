import Logging
import OnAirEngine
import OnAirLua

/// What `run` and `repl` share: the profile's providers, script logs on standard error, and a
/// host configuration with every binding installed.
struct HostSetup {
    let providers: ProviderSetup
    var configuration: LuaHostConfiguration

    init(profileOptions: ProfileOptions, limits: LuaLimits, logLabel: String) throws {
        try self.init(profile: profileOptions.profile, config: profileOptions.config, limits: limits, logLabel: logLabel)
    }

    init(profile: String?, config: String?, limits: LuaLimits, logLabel: String) throws {
        let environment = ProcessEnvironment.current
        let (profileName, profileFile) = try ProfileOptions.resolve(profile: profile, config: config, environment: environment)
        providers = try ProviderSetup(profileName: profileName, file: profileFile, environment: environment)
        LoggingSystem.bootstrap { label in TerminalLogHandler(label: label) }
        let logger = Logger(label: logLabel)
        configuration = LuaHostConfiguration(limits: limits)
        configuration.log = { record in logger.log(record) }
        providers.engine.install(into: &configuration)
    }
}
