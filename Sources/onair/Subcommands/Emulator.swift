import ArgumentParser
import OnAirEmulator

extension OnAirCommand {
    struct Emulator: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "emulator",
            abstract: "Serve the four provider APIs (SignalWire, 100ms, Cloudflare, Gjirafa) locally.",
            discussion: """
                Resources live as long as the process. Faults (latency, 429, 5xx, dropped responses) are \
                switched on through POST /_emulator/faults; GET /_emulator/state shows every resource. \
                It accepts the credentials the providers' SDKs read from the environment \
                (SIGNALWIRE_PROJECT_ID, SIGNALWIRE_API_TOKEN, HMS_ACCESS_KEY, HMS_SECRET, CLOUDFLARE_API_TOKEN, \
                CLOUDFLARE_ACCOUNT_ID, GJIRAFA_API_KEY, GJIRAFA_PROJECT_ID) where they are set, and its fixed \
                defaults otherwise. Ctrl-C stops the server.
                """
        )

        @Option(help: "Port to listen on (0 picks a free one).")
        var port: Int = 8787

        @Option(help: "Address to bind.")
        var host: String = "127.0.0.1"

        func run() async throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port: expected 0...65535, got \(port)") }
            let (credentials, used) = EmulatorCredentials.from(environment: ProcessEnvironment.current)
            let server = EmulatorServer(configuration: EmulatorConfiguration(host: host, port: port, credentials: credentials))
            let bound = try await server.start()
            // A value from the environment is named, not printed: it may be a real secret.
            func shown(_ value: String, _ variable: String) -> String { used.contains(variable) ? "$" + variable : value }
            let base = "http://\(host):\(bound)"
            // Written straight to the descriptor: a pipe (`onair emulator | tee log`, a test
            // waiting for the banner) sees it at once, not when a stdio buffer fills.
            Terminal.writeOutput(Array("""
                onair emulator listening on \(base)
                  SignalWire  \(base)  (Basic \(shown(credentials.signalWire.projectID, "SIGNALWIRE_PROJECT_ID")):\(shown(credentials.signalWire.apiToken, "SIGNALWIRE_API_TOKEN")))
                  100ms       \(base)/v2  (management token for \(shown(credentials.hms.accessKey, "HMS_ACCESS_KEY")) signed with \(shown(credentials.hms.secret, "HMS_SECRET")))
                  Cloudflare  \(base)/client/v4  (Bearer \(shown(credentials.cloudflare.apiToken, "CLOUDFLARE_API_TOKEN")), account \(shown(credentials.cloudflare.accountID, "CLOUDFLARE_ACCOUNT_ID")))
                  Gjirafa     \(base)  (Bearer \(shown(credentials.gjirafa.apiKey, "GJIRAFA_API_KEY")), project \(shown(credentials.gjirafa.projectID, "GJIRAFA_PROJECT_ID")))
                credentials: \(Self.sources(used))

                """.utf8))
            await Interruption.run { while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) } }
            await server.stop()
        }

        /// Where the credentials come from, for the banner.
        static func sources(_ used: Set<String>) -> String {
            if used.isEmpty { return "the built-in defaults" }
            let rest = used.count == EmulatorCredentials.environmentVariables.count ? "" : "; the built-in defaults for the rest"
            return "from " + used.sorted().joined(separator: ", ") + rest
        }
    }
}
