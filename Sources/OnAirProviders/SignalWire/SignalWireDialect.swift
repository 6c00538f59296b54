import Foundation
import NIOHTTP1

/// SignalWire's authentication (HTTP Basic, project id : API token) and its two error shapes:
/// `{"error": "Not Found"}` and, for 422, `{"errors": [{type, code, message, attribute, url}]}`.
struct SignalWireDialect: ProviderDialect {
    let projectID: String
    let apiToken: String
    private let authorization: String

    init(projectID: String, apiToken: String) {
        self.projectID = projectID
        self.apiToken = apiToken
        self.authorization = "Basic " + Data("\(projectID):\(apiToken)".utf8).base64EncodedString()
    }

    var provider: ProviderName { .signalwire }

    var secrets: [String] { [apiToken, String(authorization.dropFirst("Basic ".count))] }

    func authorize(_ headers: inout HTTPHeaders) async throws {
        headers.replaceOrAdd(name: "Authorization", value: authorization)
    }

    func describeFailure(status: Int, body: JSONValue?) -> (message: String, details: [JSONValue]) {
        if let items = body?["errors"]?.arrayValue {
            let messages = items.compactMap { item -> String? in
                guard let message = item["message"]?.stringValue else { return nil }
                if let attribute = item["attribute"]?.stringValue, !message.lowercased().hasPrefix(attribute.lowercased()) {
                    return "\(attribute): \(message)"
                }
                return message
            }
            return (messages.joined(separator: "; "), items)
        }
        if let message = body?["error"]?.stringValue {
            return (message, [])
        }
        return ("", [])
    }
}
