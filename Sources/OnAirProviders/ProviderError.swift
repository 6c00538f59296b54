/// Every failure of a provider call, whichever provider and whatever went wrong.
///
/// One type for all four providers so the engine maps failures to script errors in one place:
/// `kind` says what happened in words a script can branch on, `status` and `details` keep the
/// provider's own account of it. Messages and details never carry credentials; the transport
/// scrubs them before an error leaves the module.
public struct ProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// The provider refused the request's content (400, 422) or the answer made no sense.
        case invalid
        /// Credentials missing or refused (401).
        case unauthorized
        /// Credentials valid but not allowed to do this (403).
        case forbidden
        case notFound = "not_found"
        case conflict
        /// Too many requests (429); `retryAfter` says when to come back if the provider said.
        case rateLimited = "rate_limited"
        /// The provider failed (5xx).
        case unavailable
        /// No answer within the configured time (or 408 from the provider).
        case timeout
        /// The connection failed or was lost.
        case network
        /// The calling task was cancelled.
        case cancelled
        /// The call was made wrongly (a bad base URL, a missing argument); nothing was sent.
        case usage
    }

    public var kind: Kind
    public var provider: ProviderName
    /// The provider operation, e.g. `create_room` (the engine replaces it with its binding name).
    public var operation: String
    /// HTTP status, nil for failures where no answer arrived.
    public var status: Int?
    /// The provider's own message where it gives one, else a plain description.
    public var message: String
    /// The provider's error items: SignalWire `errors[]`, Cloudflare `errors[]`, 100ms `details`,
    /// Gjirafa `errors`.
    public var details: [JSONValue]
    /// Whether trying the same call again later may succeed.
    public var retryable: Bool
    /// Seconds the provider asked to wait, from `Retry-After` or `retry-after-ms`.
    public var retryAfter: Double?

    public init(
        kind: Kind,
        provider: ProviderName,
        operation: String,
        status: Int? = nil,
        message: String,
        details: [JSONValue] = [],
        retryable: Bool? = nil,
        retryAfter: Double? = nil
    ) {
        self.kind = kind
        self.provider = provider
        self.operation = operation
        self.status = status
        self.message = message
        self.details = details
        self.retryable = retryable ?? kind.isRetryableByDefault
        self.retryAfter = retryAfter
    }

    /// `signalwire create_room: not_found (HTTP 404): Not Found`
    public var description: String {
        var text = "\(provider) \(operation): \(kind.rawValue)"
        if let status { text += " (HTTP \(status))" }
        if !message.isEmpty { text += ": \(message)" }
        if let retryAfter { text += " (retry after \(retryAfter)s)" }
        return text
    }

    /// The kind alone, for metric labels and log keys.
    public var shortDescription: String { kind.rawValue }
}

extension ProviderError.Kind {
    /// The kind an HTTP error status stands for. 422 joins 400 as `invalid`: providers use either
    /// for a request whose fields are wrong. A 4xx nobody documents is treated as `invalid` too.
    public init(status: Int) {
        switch status {
        case 401: self = .unauthorized
        case 403: self = .forbidden
        case 404, 410: self = .notFound
        case 408: self = .timeout
        case 409: self = .conflict
        case 429: self = .rateLimited
        case 500...599: self = .unavailable
        default: self = .invalid
        }
    }

    /// Failures that tend to go away on their own.
    var isRetryableByDefault: Bool {
        switch self {
        case .rateLimited, .unavailable, .timeout, .network: true
        default: false
        }
    }
}
