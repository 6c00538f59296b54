import ArgumentParser
import OnAirEngine
import OnAirLua

/// `--profile` and `--config`: which providers a command talks to.
struct ProfileOptions: ParsableArguments {
    @Option(help: "Profile: 'local' (the built-in emulator, the default), 'env' (the real providers, credentials from the environment), or one from the config file. Also ONAIR_PROFILE.")
    var profile: String?

    @Option(help: "Profiles file (TOML). Default: $XDG_CONFIG_HOME/onair/config.toml.")
    var config: String?

    /// The profile's name and the profiles file, if there is one.
    func resolve(environment: [String: String]) throws -> (name: String, file: ProfileFile?) {
        try Self.resolve(profile: profile, config: config, environment: environment)
    }

    static func resolve(profile: String?, config: String?, environment: [String: String]) throws -> (name: String, file: ProfileFile?) {
        let home = environment["HOME"] ?? "~"
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        let path = config ?? configHome + "/onair/config.toml"
        var file: ProfileFile?
        if let bytes = LuaFiles.read(path) {
            do {
                file = try ProfileFile(text: String(decoding: bytes, as: UTF8.self), path: path)
            } catch let problem as ProfileFile.Problem {
                throw ValidationError(problem.description)
            }
        } else if config != nil {
            throw ValidationError("--config: cannot read '\(path)'")
        }
        let name = profile ?? environment["ONAIR_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? file?.defaultProfile ?? "local"
        return (name, file)
    }
}
