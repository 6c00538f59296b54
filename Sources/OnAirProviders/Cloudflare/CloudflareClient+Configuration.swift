extension CloudflareClient {
    /// Where Cloudflare's API v4 lives, the account and the API token (Stream Write).
    public struct Configuration: Sendable {
        /// `https://api.cloudflare.com/client/v4`; `/accounts/{id}/stream/...` is appended.
        public var baseURL: String
        /// The 32-hex account id (`CLOUDFLARE_ACCOUNT_ID`).
        public var accountID: String
        /// An API token (`CLOUDFLARE_API_TOKEN`), sent as `Authorization: Bearer`.
        public var apiToken: String
        /// Overrides ``ProviderTransport/Configuration/requestTimeout`` for this client.
        public var requestTimeout: Duration?
        /// Overrides the transport's retry policy for this client.
        public var retry: RetryPolicy?

        public init(
            baseURL: String = "https://api.cloudflare.com/client/v4",
            accountID: String,
            apiToken: String,
            requestTimeout: Duration? = nil,
            retry: RetryPolicy? = nil
        ) {
            self.baseURL = baseURL
            self.accountID = accountID
            self.apiToken = apiToken
            self.requestTimeout = requestTimeout
            self.retry = retry
        }
    }
}
