import NIOHTTP1

/// What every provider client holds: the shared transport, its dialect, its base URL and its
/// per-call options. Clients build requests; this sends them and hands back the JSON body.
struct ClientCore<Dialect: ProviderDialect>: Sendable {
    let transport: ProviderTransport
    let dialect: Dialect
    /// A bad base URL is reported by every call rather than by `init`, whose signature the
    /// engine relies on being non-throwing.
    let base: Result<ProviderURL, ProviderError>
    let options: ProviderTransport.CallOptions

    init(transport: ProviderTransport, dialect: Dialect, baseURL: String, requestTimeout: Duration?, retry: RetryPolicy?) {
        self.transport = transport
        self.dialect = dialect
        self.base = Result { () throws(ProviderError) in try ProviderURL(baseURL, provider: dialect.provider) }
        self.options = .init(
            retry: retry ?? transport.configuration.retry,
            timeout: requestTimeout ?? transport.configuration.requestTimeout
        )
    }

    func url(_ segments: [String], query: [String: String] = [:], operation: String) throws(ProviderError) -> String {
        switch base {
        case .success(let base): return base.url(segments, query: query)
        case .failure(var error):
            error.operation = operation
            throw error
        }
    }

    /// Sends one request and returns the answer's JSON body (`.null` for an empty body).
    func send(
        _ operation: String,
        _ method: HTTPMethod,
        _ segments: [String],
        query: [String: String] = [:],
        body: JSONValue? = nil,
        headers: HTTPHeaders = [:],
        replay: ProviderRequest.Replay? = nil,
        lookUp: (@Sendable () async throws -> JSONValue?)? = nil
    ) async throws(ProviderError) -> JSONValue {
        let request = ProviderRequest(
            operation: operation,
            method: method,
            url: try url(segments, query: query, operation: operation),
            headers: headers,
            body: body,
            replay: replay
        )
        return try await transport.perform(request, dialect: dialect, options: options, lookUp: lookUp) { response in
            try response.json() ?? .null
        }
    }

    /// A `usage` error for an argument a call cannot do without.
    func usage(_ operation: String, _ message: String) -> ProviderError {
        ProviderError(kind: .usage, provider: dialect.provider, operation: operation, message: message)
    }

    /// An `invalid` error for a success answer whose shape is not what the provider documents.
    func unexpected(_ operation: String, _ what: String, status: Int? = nil) -> ProviderError {
        ProviderError(kind: .invalid, provider: dialect.provider, operation: operation, status: status, message: "unexpected answer: \(what)", retryable: false)
    }
}
