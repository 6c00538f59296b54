import NIOHTTP1

/// 100ms's authentication (a Bearer management token, renewed once when refused) and its error
/// shape `{"code": 404, "message": "...", "details": ["..."]}`.
struct HMSDialect: ProviderDialect {
    let accessKey: String
    let secret: String
    let tokens: HMSTokenCache

    var provider: ProviderName { .hms }

    var secrets: [String] {
        [secret] + (tokens.cached.map { [$0.value] } ?? [])
    }

    func authorize(_ headers: inout HTTPHeaders) async throws {
        headers.replaceOrAdd(name: "Authorization", value: "Bearer " + tokens.token().value)
    }

    /// 100ms's SDK regenerates the token on 401 and 403 and retries once; so does OnAir.
    func renewCredentials() async -> Bool {
        tokens.renew()
        return true
    }

    func describeFailure(status: Int, body: JSONValue?) -> (message: String, details: [JSONValue]) {
        let message = body?["message"]?.stringValue ?? body?["error"]?.stringValue ?? ""
        let details = body?["details"]?.arrayValue ?? []
        return (message, details)
    }
}
