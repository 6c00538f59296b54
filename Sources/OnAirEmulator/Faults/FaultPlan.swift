/// The failures an emulator injects: a fixed delay on every provider request and a list of rules
/// that each fire for a number of matching requests.
///
/// Set at start through ``EmulatorConfiguration/faults`` or while running with
/// `POST /_emulator/faults`, whose body is this type as JSON:
/// ```json
/// {"latency_ms": 200,
///  "rules": [{"type": "rate_limit", "count": 2, "retry_after": 1, "path_prefix": "/v2/"},
///            {"type": "server_error", "count": 1, "status": 502},
///            {"type": "drop_after_commit", "count": 1, "mode": "close", "method": "POST"}]}
/// ```
/// Rules are tried in order; the first one that matches a request and has a count left fires.
public struct FaultPlan: Sendable, Equatable, Codable {
    /// Delay before every provider request is handled, in milliseconds.
    public var latencyMilliseconds: Int
    public var rules: [FaultRule]

    public init(latencyMilliseconds: Int = 0, rules: [FaultRule] = []) {
        self.latencyMilliseconds = latencyMilliseconds
        self.rules = rules
    }

    /// No faults.
    public static let none = FaultPlan()

    enum CodingKeys: String, CodingKey {
        case latencyMilliseconds = "latency_ms"
        case rules
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.latencyMilliseconds = try container.decodeIfPresent(Int.self, forKey: .latencyMilliseconds) ?? 0
        self.rules = try container.decodeIfPresent([FaultRule].self, forKey: .rules) ?? []
    }
}
