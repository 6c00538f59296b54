import Logging
import OnAirEmulator
@testable import OnAirProviders
import Testing

/// A running emulator on an ephemeral port, one transport with fast retries, and a client for
/// each provider configured with the emulator's default credentials.
///
/// Each test makes its own harness (so tests never share state) and ends it with ``finish()``.
struct EmulatorHarness {
    static let credentials = EmulatorCredentials.default
    /// Retries as in production, only quicker, so failure paths run in milliseconds.
    static let fastRetry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), maxDelay: .milliseconds(50), jitter: 0.25, maxRetryAfter: .seconds(5))

    let server: EmulatorServer
    let port: Int
    let transport: ProviderTransport

    var root: String { "http://127.0.0.1:\(port)" }

    /// Tests stay quiet unless they capture logs on purpose.
    static let quiet = Logger(label: "onair.providers.tests", factory: { _ in SwiftLogNoOpLogHandler() })

    static func start(retry: RetryPolicy = fastRetry, requestTimeout: Duration = .seconds(10), logger: Logger = quiet) async throws -> EmulatorHarness {
        // The emulator logs an error line for the cancelled child channel on every stop; keep it out of test output.
        let server = EmulatorServer(configuration: EmulatorConfiguration(port: 0), logger: quiet)
        let port = try await server.start()
        let transport = ProviderTransport(configuration: .init(requestTimeout: requestTimeout, connectTimeout: .seconds(2), retry: retry), logger: logger)
        return EmulatorHarness(server: server, port: port, transport: transport)
    }

    func finish() async throws {
        try await transport.shutdown()
        await server.stop()
    }

    // MARK: Clients

    func signalWire(apiToken: String = credentials.signalWire.apiToken) -> SignalWireClient {
        SignalWireClient(
            configuration: .init(baseURL: root, projectID: Self.credentials.signalWire.projectID, apiToken: apiToken),
            transport: transport
        )
    }

    func hms(secret: String = credentials.hms.secret) -> HMSClient {
        HMSClient(configuration: .init(baseURL: root + "/v2", accessKey: Self.credentials.hms.accessKey, secret: secret), transport: transport)
    }

    func cloudflare(apiToken: String = credentials.cloudflare.apiToken) -> CloudflareClient {
        CloudflareClient(
            configuration: .init(baseURL: root + "/client/v4", accountID: Self.credentials.cloudflare.accountID, apiToken: apiToken),
            transport: transport
        )
    }

    func gjirafa(apiKey: String = credentials.gjirafa.apiKey) -> GjirafaClient {
        GjirafaClient(configuration: .init(baseURL: root, projectID: Self.credentials.gjirafa.projectID, apiKey: apiKey), transport: transport)
    }

    // MARK: Control API

    /// `GET /_emulator/state`: every resource per provider and the journal of requests.
    func state() async throws -> JSONValue {
        let answer = try await transport.raw("GET", url: root + "/_emulator/state")
        return try #require(answer.body)
    }

    /// Replaces the fault plan, e.g. `[["type": "rate_limit", "count": 1]]`.
    func inject(_ rules: [JSONValue], latencyMilliseconds: Int = 0) async throws {
        let answer = try await transport.raw(
            "POST", url: root + "/_emulator/faults", body: ["rules": .array(rules), "latency_ms": .integer(Int64(latencyMilliseconds))]
        )
        #expect(answer.status == 200)
    }

    /// The journal entries (`method`, `path`, `status`, `fault`) whose path contains `fragment`.
    func requests(matching fragment: String, method: String? = nil) async throws -> [JSONValue] {
        let journal = try await state()["requests"]?.arrayValue ?? []
        return journal.filter { entry in
            (entry["path"]?.stringValue ?? "").contains(fragment) && (method == nil || entry["method"]?.stringValue == method)
        }
    }
}

/// Runs `body` against a fresh emulator and always shuts both down, even when `body` throws.
func withEmulator(
    retry: RetryPolicy = EmulatorHarness.fastRetry,
    requestTimeout: Duration = .seconds(10),
    logger: Logger = EmulatorHarness.quiet,
    _ body: (EmulatorHarness) async throws -> Void
) async throws {
    let harness = try await EmulatorHarness.start(retry: retry, requestTimeout: requestTimeout, logger: logger)
    do {
        try await body(harness)
    } catch {
        try await harness.finish()
        throw error
    }
    try await harness.finish()
}

/// The `ProviderError` `body` throws; records a failure when it throws something else or nothing.
func providerError(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async -> ProviderError? {
    do {
        try await body()
        Issue.record("expected a ProviderError, but the call succeeded", sourceLocation: sourceLocation)
        return nil
    } catch let error as ProviderError {
        return error
    } catch {
        Issue.record("expected a ProviderError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
