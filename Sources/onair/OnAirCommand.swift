import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The `onair` command line: run automation scripts and playbooks against streaming providers.
@main
struct OnAirCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onair",
        abstract: "Script live-streaming providers (SignalWire Video, 100ms, Cloudflare Stream, Gjirafa VP) from Lua.",
        subcommands: [Run.self, Repl.self, Check.self, Plan.self, Schedule.self, Daemon.self, Status.self, Runs.self, Emulator.self]
    )

    /// Runs the command and exits with the codes of the command-line contract: 0 success,
    /// 1 script or provider error, 2 usage or configuration error, 3 limit, 130 interrupted.
    static func main() async {
        do {
            // `onair run FILE` alone skips the argument parser: building its command tree costs
            // several milliseconds of type-metadata look-ups, most of a short script's start-up.
            let arguments = Array(CommandLine.arguments.dropFirst())
            if arguments.count == 2, arguments[0] == "run", !arguments[1].hasPrefix("-") {
                try await Run.execute(Run.RunRequest(file: arguments[1]))
                Glibc.exit(0)
            }
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Glibc.exit(0)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Glibc.exit(0)
            }
            if !message.isEmpty { Terminal.writeError(message + "\n") }
            // Argument-parser's usage failures (64) are reported as the contract's usage code.
            Glibc.exit(code == .validationFailure ? ExitStatus.usage : code.rawValue)
        }
    }
}

/// The process exit codes of the command-line contract.
enum ExitStatus {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 2
    static let limit: Int32 = 3
    static let interrupted: Int32 = 130
}
