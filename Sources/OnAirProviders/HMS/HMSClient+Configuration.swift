extension HMSClient {
    /// Where 100ms's server API lives and the app credentials management tokens are signed with.
    public struct Configuration: Sendable {
        /// `https://api.100ms.live/v2`; paths such as `/rooms` are appended.
        public var baseURL: String
        /// The app access key (`HMS_ACCESS_KEY`), the token's `access_key` claim.
        public var accessKey: String
        /// The app secret (`HMS_SECRET`) that signs the token (HS256). Never sent.
        public var secret: String
        /// How long a minted management token is valid. 24 hours is what 100ms's samples and SDK
        /// use; tokens are renewed before they run out.
        public var tokenLifetime: Duration
        /// Overrides ``ProviderTransport/Configuration/requestTimeout`` for this client.
        public var requestTimeout: Duration?
        /// Overrides the transport's retry policy for this client.
        public var retry: RetryPolicy?

        public init(
            baseURL: String = "https://api.100ms.live/v2",
            accessKey: String,
            secret: String,
            tokenLifetime: Duration = .seconds(24 * 3600),
            requestTimeout: Duration? = nil,
            retry: RetryPolicy? = nil
        ) {
            self.baseURL = baseURL
            self.accessKey = accessKey
            self.secret = secret
            self.tokenLifetime = tokenLifetime
            self.requestTimeout = requestTimeout
            self.retry = retry
        }
    }
}
