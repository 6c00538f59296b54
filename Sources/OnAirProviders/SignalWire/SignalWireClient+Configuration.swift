extension SignalWireClient {
    /// Where SignalWire's Video REST API lives and how to authenticate with it.
    public struct Configuration: Sendable {
        /// The space's address, `https://{space}.signalwire.com`; `/api/video/...` is appended.
        /// A bare host (the form `SIGNALWIRE_SPACE` holds) is accepted too: it gets `https://`,
        /// or `http://` when it is a loopback address, as in SignalWire's own SDK.
        public var baseURL: String
        /// The project id, sent as the Basic-auth user name.
        public var projectID: String
        /// The API token (with the Video scope), sent as the Basic-auth password.
        public var apiToken: String
        /// Overrides ``ProviderTransport/Configuration/requestTimeout`` for this client.
        public var requestTimeout: Duration?
        /// Overrides the transport's retry policy for this client.
        public var retry: RetryPolicy?

        public init(baseURL: String, projectID: String, apiToken: String, requestTimeout: Duration? = nil, retry: RetryPolicy? = nil) {
            self.baseURL = baseURL
            self.projectID = projectID
            self.apiToken = apiToken
            self.requestTimeout = requestTimeout
            self.retry = retry
        }
    }
}
