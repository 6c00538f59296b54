/// How often and how patiently a failed call is tried again.
///
/// Defaults follow the providers' own SDKs (research/providers.md §5.1): three attempts in all,
/// exponential backoff from 0.5 s capped at 8 s with up to 25 % jitter, and a provider's
/// `Retry-After` honoured when it is at most a minute. A longer `Retry-After` (Cloudflare can lock
/// an account out for five minutes) is not waited out: the error is returned with `retryAfter`
/// set, so the script decides.
///
/// Which failures are retried at all depends on the request, not on the policy: see
/// ``ProviderTransport``.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included; 1 means never retry.
    public var maxAttempts: Int
    /// Wait before the first retry; doubles for each later one.
    public var baseDelay: Duration
    /// Upper bound of a computed backoff wait.
    public var maxDelay: Duration
    /// Fraction of each computed wait that is randomly taken off (0 … 1), so that many clients
    /// failing together do not retry together.
    public var jitter: Double
    /// Longest `Retry-After` that is waited out; a longer one ends the retries.
    public var maxRetryAfter: Duration

    public init(
        maxAttempts: Int = 3,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(8),
        jitter: Double = 0.25,
        maxRetryAfter: Duration = .seconds(60)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = min(max(jitter, 0), 1)
        self.maxRetryAfter = maxRetryAfter
    }

    /// One attempt, no retries.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The backoff before retry number `retry` (1 for the first retry), jitter applied.
    func backoff(beforeRetry retry: Int, random: Double = Double.random(in: 0...1)) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let computed = baseDelay * (1 << exponent)
        let capped = min(computed, maxDelay)
        return capped * (1 - jitter * random)
    }

    /// The wait before the next attempt given what the provider asked for, or nil when the
    /// provider asked for more than ``maxRetryAfter`` and the call should give up instead.
    func delay(beforeRetry retry: Int, retryAfter: Double?) -> Duration? {
        guard let retryAfter else { return backoff(beforeRetry: retry) }
        let requested = Duration.milliseconds(Int64((max(retryAfter, 0) * 1000).rounded(.up)))
        return requested <= maxRetryAfter ? requested : nil
    }
}
