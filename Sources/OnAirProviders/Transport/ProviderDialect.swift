import NIOHTTP1

/// What the shared transport must know about one provider: who it is, how it authenticates, how
/// it words failures and which strings are secret.
///
/// Each client has one; everything else about a call (paths, envelopes, pagination) stays in the
/// client.
protocol ProviderDialect: Sendable {
    var provider: ProviderName { get }

    /// Credentials and other values that must never reach a log line or an error message.
    var secrets: [String] { get }

    /// Adds the credentials to one attempt's headers. Called before every attempt, so a token
    /// that expires between attempts is renewed.
    func authorize(_ headers: inout HTTPHeaders) async throws

    /// Called once per call when the provider refused the credentials (401/403); returns whether
    /// fresh credentials were obtained, in which case the request is sent once more.
    func renewCredentials() async -> Bool

    /// The provider's message and error items from an error answer's body.
    func describeFailure(status: Int, body: JSONValue?) -> (message: String, details: [JSONValue])
}

extension ProviderDialect {
    func renewCredentials() async -> Bool { false }
}
