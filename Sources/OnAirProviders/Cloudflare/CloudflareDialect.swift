import NIOHTTP1

/// Cloudflare's authentication (Bearer API token) and its v4 envelope on failures:
/// `{"success": false, "errors": [{"code", "message", ...}], "messages": [], "result": null}`.
///
/// Only the HTTP status decides the error kind; Cloudflare's numeric codes are kept in
/// `details`, since Stream does not document them (research/providers.md §3.4).
struct CloudflareDialect: ProviderDialect {
    let apiToken: String

    var provider: ProviderName { .cloudflare }

    var secrets: [String] { [apiToken] }

    func authorize(_ headers: inout HTTPHeaders) async throws {
        headers.replaceOrAdd(name: "Authorization", value: "Bearer " + apiToken)
    }

    func describeFailure(status: Int, body: JSONValue?) -> (message: String, details: [JSONValue]) {
        let errors = body?["errors"]?.arrayValue ?? []
        let messages = errors.compactMap { error -> String? in
            guard let message = error["message"]?.stringValue else { return nil }
            let chain = error["error_chain"]?.arrayValue?.compactMap { $0["message"]?.stringValue } ?? []
            return ([message] + chain).joined(separator: ": ")
        }
        return (messages.joined(separator: "; "), errors)
    }
}
