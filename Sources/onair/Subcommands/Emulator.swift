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
                Ctrl-C stops the server.
                """
        )

        @Option(help: "Port to listen on (0 picks a free one).")
        var port: Int = 8787

        @Option(help: "Address to bind.")
        var host: String = "127.0.0.1"

        func run() async throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port: expected 0...65535, got \(port)") }
            let server = EmulatorServer(configuration: EmulatorConfiguration(host: host, port: port))
            let bound = try await server.start()
            let credentials = EmulatorCredentials.default
            print("""
                onair emulator listening on http://\(host):\(bound)
                  SignalWire  http://\(host):\(bound)  (Basic \(credentials.signalWire.projectID):\(credentials.signalWire.apiToken))
                  100ms       http://\(host):\(bound)/v2  (management token signed with \(credentials.hms.secret))
                  Cloudflare  http://\(host):\(bound)/client/v4  (Bearer \(credentials.cloudflare.apiToken), account \(credentials.cloudflare.accountID))
                  Gjirafa     http://\(host):\(bound)  (Bearer \(credentials.gjirafa.apiKey), project \(credentials.gjirafa.projectID))
                """)
            await Interruption.run { while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) } }
            await server.stop()
        }
    }
}
