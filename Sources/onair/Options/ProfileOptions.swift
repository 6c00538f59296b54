import ArgumentParser

/// `--profile`: which providers a command talks to.
struct ProfileOptions: ParsableArguments {
    @Option(help: "Profile: 'local' (the built-in emulator, the default) or 'env' (the real providers, credentials from the environment). Also ONAIR_PROFILE.")
    var profile: String?

    func name(environment: [String: String]) -> String {
        profile ?? environment["ONAIR_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "local"
    }
}
