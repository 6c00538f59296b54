extension ProviderTransport {
    /// Settings shared by every provider client that uses one transport.
    public struct Configuration: Sendable {
        /// Longest time one attempt may take, from sending to the last byte of the answer. A
        /// client's own `requestTimeout` overrides it.
        public var requestTimeout: Duration
        /// Longest time to open a connection.
        public var connectTimeout: Duration
        /// Retries for every client that does not set its own policy.
        public var retry: RetryPolicy
        /// Sent as `User-Agent`, so providers can tell OnAir's traffic apart.
        public var userAgent: String
        /// Largest answer read, in bytes; a longer one is a failure rather than unbounded memory.
        public var maxResponseBytes: Int

        public init(
            requestTimeout: Duration = .seconds(30),
            connectTimeout: Duration = .seconds(10),
            retry: RetryPolicy = .init(),
            userAgent: String = "onair",
            maxResponseBytes: Int = 16 << 20
        ) {
            self.requestTimeout = requestTimeout
            self.connectTimeout = connectTimeout
            self.retry = retry
            self.userAgent = userAgent
            self.maxResponseBytes = maxResponseBytes
        }
    }
}
