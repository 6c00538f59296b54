import Foundation
import Logging
import OnAirEmulator
import OnAirEngine
import OnAirLua
import OnAirProviders
import Synchronization
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An emulator on a loopback port and an engine whose `local` profile points at it: scripts run
/// through Lua, over real HTTP, exactly as `onair run` runs them.
final class EngineHarness: Sendable {
    let server: EmulatorServer
    let port: Int
    let transport: ProviderTransport
    let engine: OnAirEngine
    private let printed = OutputBuffer()

    static let access = BuiltInProfiles.EmulatorAccess(
        signalwireProjectID: EmulatorCredentials.default.signalWire.projectID,
        signalwireToken: EmulatorCredentials.default.signalWire.apiToken,
        hmsAccessKey: EmulatorCredentials.default.hms.accessKey, hmsSecret: EmulatorCredentials.default.hms.secret,
        cloudflareAccountID: EmulatorCredentials.default.cloudflare.accountID,
        cloudflareToken: EmulatorCredentials.default.cloudflare.apiToken,
        gjirafaProjectID: EmulatorCredentials.default.gjirafa.projectID, gjirafaKey: EmulatorCredentials.default.gjirafa.apiKey)

    init(access: BuiltInProfiles.EmulatorAccess = EngineHarness.access) async throws {
        var logger = Logger(label: "onair.emulator.test")
        logger.logLevel = .critical
        server = EmulatorServer(configuration: EmulatorConfiguration(port: 0), logger: logger)
        port = try await server.start()
        transport = ProviderTransport(configuration: .init(
            retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(20), maxDelay: .milliseconds(100))))
        let profile = BuiltInProfiles.local(emulatorURL: "http://127.0.0.1:\(port)", access: access, environment: [:])
        engine = OnAirEngine(directory: ProviderDirectory(profile: profile, transport: transport, notice: { _ in }))
    }

    func shutdown() async {
        await server.stop()
        try? await transport.shutdown()
    }

    /// Runs a script; returns what it printed, and its error if it failed.
    func run(_ source: String) async -> (output: String, error: LuaError?) {
        let printed = OutputBuffer()
        var configuration = LuaHostConfiguration(output: { printed.append($0) }, log: { _ in })
        engine.install(into: &configuration)
        let result = await LuaHost(configuration: configuration).run(LuaScript(name: "test.lua", source: source))
        return (printed.text, result.error)
    }

    /// Runs a script that must succeed and returns its output.
    func output(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) async -> String {
        let (output, error) = await run(source)
        #expect(error == nil, "\(error?.rendered ?? "")", sourceLocation: sourceLocation)
        return output
    }

    /// Calls the emulator's control API.
    @discardableResult
    func control(_ method: String, _ path: String, _ body: String? = nil) async throws -> Any? {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/_emulator/\(path)")!)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, _) = try await URLSession.shared.data(for: request)
        return data.isEmpty ? nil : try JSONSerialization.jsonObject(with: data)
    }

    /// The emulator's resources of one provider section (`cloudflare.live_inputs`, ...).
    func resources(_ provider: String, _ collection: String) async throws -> [[String: Any]] {
        let state = try await control("GET", "state") as? [String: Any]
        return ((state?[provider] as? [String: Any])?[collection] as? [[String: Any]]) ?? []
    }
}

/// Runs `body` with a fresh harness and shuts it down afterwards.
func withEngine(access: BuiltInProfiles.EmulatorAccess = EngineHarness.access, _ body: (EngineHarness) async throws -> Void) async throws {
    let harness = try await EngineHarness(access: access)
    do {
        try await body(harness)
    } catch {
        await harness.shutdown()
        throw error
    }
    await harness.shutdown()
}

/// What a script printed.
final class OutputBuffer: Sendable {
    private let bytes = Mutex<[UInt8]>([])
    func append(_ more: [UInt8]) { bytes.withLock { $0 += more } }
    var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }
}
