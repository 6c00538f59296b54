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
    let httpClient: HTTPClient
    private let isShutDown = Mutex(false)

    public init(configuration: Configuration = .init(), logger: Logger = Logger(label: "onair.providers")) {
        self.configuration = configuration
        self.logger = logger
        var clientConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(configuration.connectTimeout)),
            decompression: .disabled
        )
        clientConfiguration.httpVersion = .automatic
        self.httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration)
    }

    /// Closes every connection. Safe to call more than once; calls made afterwards fail with
    /// `usage`.
    public func shutdown() async throws {
        let alreadyDone = isShutDown.withLock { done in
            defer { done = true }
            return done
        }
        guard !alreadyDone else { return }
        try await httpClient.shutdown()
    }

    var hasShutDown: Bool { isShutDown.withLock { $0 } }
}

extension TimeAmount {
    /// Nanosecond precision is all NIO keeps; longer durations saturate.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        self = .nanoseconds(overflow ? Int64.max : scaled.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue)
    }
}
