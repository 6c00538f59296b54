/// One kind of failure to inject into the next matching requests.
///
/// On the wire (`POST /_emulator/faults`) a rule is
/// `{"type": "rate_limit" | "server_error" | "drop_after_commit", "count": N, ...}` with the
/// optional members below; omitted members take the defaults of ``init(kind:count:retryAfterSeconds:status:mode:pathPrefix:method:)``.
public struct FaultRule: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// Answer 429 with `Retry-After` in the provider's error shape, without touching state.
        case rateLimit = "rate_limit"
        /// Answer a 5xx in the provider's error shape, without touching state.
        case serverError = "server_error"
        /// Perform the change, then lose the answer: the case a retrying client must survive
        /// without creating a resource twice. Applies to mutating methods only.
        case dropAfterCommit = "drop_after_commit"
    }

    /// How a committed change loses its answer.
    public enum DropMode: String, Sendable, Codable {
        /// Close the connection without sending a response.
        case close
        /// Send `status` (a 5xx) in the provider's error shape instead of the real answer.
        case respond
    }

    public var kind: Kind
    /// How many more requests this rule fires for.
    public var count: Int
    /// Seconds sent in `Retry-After` with a rate-limit answer.
    public var retryAfterSeconds: Int
    /// Status of a server error, or of a `respond` drop.
    public var status: Int
    public var mode: DropMode
    /// Only requests whose path starts with this prefix match (e.g. `/v2/` or `/client/v4/`).
    public var pathPrefix: String?
    /// Only requests with this method match (e.g. `POST`).
    public var method: String?

    public init(
        kind: Kind,
        count: Int = 1,
        retryAfterSeconds: Int = 1,
        status: Int = 503,
        mode: DropMode = .close,
        pathPrefix: String? = nil,
        method: String? = nil
    ) {
        self.kind = kind
        self.count = count
        self.retryAfterSeconds = retryAfterSeconds
        self.status = status
        self.mode = mode
        self.pathPrefix = pathPrefix
        self.method = method
    }

    enum CodingKeys: String, CodingKey {
        case kind = "type"
        case count
        case retryAfterSeconds = "retry_after"
        case status
        case mode
        case pathPrefix = "path_prefix"
        case method
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = FaultRule(kind: try container.decode(Kind.self, forKey: .kind))
        self.kind = defaults.kind
        self.count = try container.decodeIfPresent(Int.self, forKey: .count) ?? defaults.count
        self.retryAfterSeconds = try container.decodeIfPresent(Int.self, forKey: .retryAfterSeconds) ?? defaults.retryAfterSeconds
        self.status = try container.decodeIfPresent(Int.self, forKey: .status) ?? defaults.status
        self.mode = try container.decodeIfPresent(DropMode.self, forKey: .mode) ?? defaults.mode
        self.pathPrefix = try container.decodeIfPresent(String.self, forKey: .pathPrefix)
        self.method = try container.decodeIfPresent(String.self, forKey: .method)?.uppercased()
    }

    /// Whether this rule applies to a request; `count` is checked by the injector.
    func matches(method requestMethod: String, path: String) -> Bool {
        if let pathPrefix, !path.hasPrefix(pathPrefix) { return false }
        if let method, method != requestMethod { return false }
        if kind == .dropAfterCommit, !["POST", "PUT", "PATCH", "DELETE"].contains(requestMethod) { return false }
        return true
    }
}
