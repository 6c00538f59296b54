import AsyncHTTPClient
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Sorts a failure that produced no HTTP answer into what it means for the call.
struct TransportFailure: Sendable {
    var kind: ProviderError.Kind
    var message: String
    /// True when the request cannot have reached the provider (the connection never opened), so
    /// sending it again is safe for any method.
    var certainlyNotSent: Bool

    init(_ error: any Error) {
        if error is CancellationError {
            self.init(kind: .cancelled, message: "the call was cancelled", certainlyNotSent: false)
            return
        }
        if let error = error as? HTTPClientError {
            if error == .cancelled {
                self.init(kind: .cancelled, message: "the call was cancelled", certainlyNotSent: false)
            } else if [.connectTimeout, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout].contains(error) {
                self.init(kind: .timeout, message: "timed out connecting to the provider", certainlyNotSent: true)
            } else if [.deadlineExceeded, .readTimeout, .writeTimeout].contains(error) {
                self.init(kind: .timeout, message: "the provider did not answer in time", certainlyNotSent: false)
            } else if error == .remoteConnectionClosed {
                self.init(kind: .network, message: "the connection closed before the answer arrived", certainlyNotSent: false)
            } else if error == .alreadyShutdown {
                self.init(kind: .usage, message: "the provider transport has been shut down", certainlyNotSent: true)
            } else if [.invalidURL, .emptyHost, .emptyScheme].contains(error) {
                self.init(kind: .usage, message: "invalid request URL", certainlyNotSent: true)
            } else {
                self.init(kind: .network, message: "HTTP failure: \(error)", certainlyNotSent: false)
            }
            return
        }
        if error is NIOTooManyBytesError {
            self.init(kind: .invalid, message: "the answer was larger than the configured maximum", certainlyNotSent: false)
            return
        }
        if error is NIOConnectionError {
            self.init(kind: .network, message: "could not connect to the provider", certainlyNotSent: true)
            return
        }
        if let error = error as? ChannelError, case .connectTimeout = error {
            self.init(kind: .timeout, message: "timed out connecting to the provider", certainlyNotSent: true)
            return
        }
        if let error = error as? IOError, [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH].contains(error.errnoCode) {
            self.init(kind: .network, message: "could not connect to the provider", certainlyNotSent: true)
            return
        }
        self.init(kind: .network, message: "connection failure: \(error)", certainlyNotSent: false)
    }

    init(kind: ProviderError.Kind, message: String, certainlyNotSent: Bool) {
        self.kind = kind
        self.message = message
        self.certainlyNotSent = certainlyNotSent
    }
}
