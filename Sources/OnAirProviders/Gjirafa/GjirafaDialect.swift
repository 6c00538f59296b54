import NIOHTTP1

/// Gjirafa's authentication (a configurable header carrying the API key) and its envelope on
/// failures: `{"success": false, "errors": [...], "messages": [...], "result": null,
/// "statusCode": N}`. Error items may be strings or objects; both are kept.
struct GjirafaDialect: ProviderDialect {
    let apiKey: String
    let headerName: String
    let scheme: String?

    var provider: ProviderName { .gjirafa }

    var secrets: [String] { [apiKey] }

    func authorize(_ headers: inout HTTPHeaders) async throws {
        let value = scheme.flatMap { $0.isEmpty ? nil : "\($0) \(apiKey)" } ?? apiKey
        headers.replaceOrAdd(name: headerName, value: value)
    }

    func describeFailure(status: Int, body: JSONValue?) -> (message: String, details: [JSONValue]) {
        let errors = body?["errors"]?.arrayValue ?? []
        let texts = errors.compactMap { $0.stringValue ?? $0["message"]?.stringValue }
        if !texts.isEmpty { return (texts.joined(separator: "; "), errors) }
        let messages = body?["messages"]?.arrayValue?.compactMap { $0.stringValue ?? $0["message"]?.stringValue } ?? []
        return (messages.joined(separator: "; "), errors)
    }
}
