import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// The one HTTP client all provider clients share: connection reuse, timeouts, retries, logging
/// and error mapping live here once instead of four times.
///
/// Create one per process (or per engine), hand it to every client, and call ``shutdown()`` when
/// done; AsyncHTTPClient requires the shutdown before the object goes away.
///
/// Redirects are not followed: a provider API that redirects is misconfigured, and following it
/// would send credentials to wherever the redirect points.
public final class ProviderTransport: Sendable {
    public let configuration: Configuration
    let logger: Logger
    /// Made on the first request: a script that calls no provider (and `onair check` or `plan`)
    /// never starts an HTTP client and its threads.
    private let client = Mutex(ClientState())
    /// Awaited before a request to a provider is first attempted; see ``init(configuration:logger:readiness:)``.
    let readiness: (@Sendable (ProviderName) async throws -> Void)?

    private struct ClientState {
        var made: HTTPClient?
        var isShutDown = false
    }

    /// - Parameter readiness: awaited before every request, with the request's provider, until it
    ///   returns; a provider served from inside the process (the `local` profile's built-in
    ///   emulator) is started there, on the first request that needs it and by no other. What it
    ///   throws ends the call as an `unavailable` error.
    public init(
        configuration: Configuration = .init(), logger: Logger = Logger(label: "onair.providers"),
        readiness: (@Sendable (ProviderName) async throws -> Void)? = nil
    ) {
        self.configuration = configuration
        self.logger = logger
        self.readiness = readiness
    }

    /// The HTTP client, made on first use; nil once the transport has been shut down.
    var httpClient: HTTPClient? {
        client.withLock { state in
            if state.isShutDown { return nil }
            if let made = state.made { return made }
            var clientConfiguration = HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: .init(connect: TimeAmount(configuration.connectTimeout)),
                decompression: .disabled
            )
            clientConfiguration.httpVersion = .automatic
            let made = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration)
            state.made = made
            return made
        }
    }

    /// Closes every connection. Safe to call more than once; calls made afterwards fail with
    /// `usage`.
    public func shutdown() async throws {
        let made = client.withLock { state -> HTTPClient? in
            defer { state.isShutDown = true; state.made = nil }
            return state.isShutDown ? nil : state.made
        }
        try await made?.shutdown()
    }

    var hasShutDown: Bool { client.withLock { $0.isShutDown } }
}

extension TimeAmount {
    /// Nanosecond precision is all NIO keeps; longer durations saturate.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        self = .nanoseconds(overflow ? Int64.max : scaled.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue)
    }
}
