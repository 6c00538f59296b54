extension GjirafaClient {
    /// Where Gjirafa VP's Livestream API lives, the project and the API key.
    public struct Configuration: Sendable {
        /// `https://livestream.vp.gjirafa.tech` (inferred from Gjirafa's own response examples; the
        /// docs do not state the host). `/api/v1/{projectId}/...` is appended.
        public var baseURL: String
        /// The project id, a path segment of every call (`GJIRAFA_PROJECT_ID`).
        public var projectID: String
        /// The API key from the VP dashboard (`GJIRAFA_API_KEY`).
        public var apiKey: String
        /// Header that carries the key. Gjirafa documents only the name `Authorization`.
        public var authHeaderName: String
        /// Scheme written before the key. Gjirafa does not document the value's form; the default
        /// `Bearer` is an assumption (research/providers.md §4.1) that the emulator shares. Set nil
        /// (or empty) to send the bare key, or change the header to `x-api-key` if an account
        /// needs it.
        public var authScheme: String?
        /// Overrides ``ProviderTransport/Configuration/requestTimeout`` for this client.
        public var requestTimeout: Duration?
        /// Overrides the transport's retry policy for this client.
        public var retry: RetryPolicy?

        public init(
            baseURL: String = "https://livestream.vp.gjirafa.tech",
            projectID: String,
            apiKey: String,
            authHeaderName: String = "Authorization",
            authScheme: String? = "Bearer",
            requestTimeout: Duration? = nil,
            retry: RetryPolicy? = nil
        ) {
            self.baseURL = baseURL
            self.projectID = projectID
            self.apiKey = apiKey
            self.authHeaderName = authHeaderName
            self.authScheme = authScheme
            self.requestTimeout = requestTimeout
            self.retry = retry
        }
    }
}
