import NIOHTTP1

/// One call to a provider as the transport sends it, attempt after attempt.
struct ProviderRequest: Sendable {
    /// When sending the request again is safe.
    enum Replay: Sendable, Equatable {
        /// Sending twice has the effect of sending once: GET, PUT, DELETE, and POSTs that carry an
        /// idempotency key or are upserts. Retried on 408, 429, 5xx and transport failures.
        case safe
        /// Sending twice may do the work twice (plain creates). Retried only when the provider said
        /// it did not process the request (429, 503) or the connection never opened — unless the
        /// call has a look-up that finds out what happened first.
        case ifNotProcessed
    }

    /// The operation name errors and logs report, e.g. `create_room`.
    var operation: String
    var method: HTTPMethod
    /// Absolute URL, query included.
    var url: String
    /// Headers besides authorization, `Accept`, `Content-Type` and `User-Agent`, which the
    /// transport adds.
    var headers: HTTPHeaders = [:]
    var body: JSONValue?
    var replay: Replay
    /// A DELETE whose earlier attempt may have succeeded: a 404 on a later attempt then means the
    /// resource is gone, which is what was asked.
    var absentMeansDone: Bool = false

    init(operation: String, method: HTTPMethod, url: String, headers: HTTPHeaders = [:], body: JSONValue? = nil, replay: Replay? = nil) {
        self.operation = operation
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.replay = replay ?? ([.GET, .HEAD, .PUT, .DELETE, .OPTIONS].contains(method) ? .safe : .ifNotProcessed)
        self.absentMeansDone = method == .DELETE
    }
}
