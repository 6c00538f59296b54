import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// A response with its body parsed as JSON, so tests can check exact keys, `null`s and types the
/// way a client in any language would see them.
struct Reply: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let text: String

    init(_ response: TestResponse) {
        self.status = response.status
        self.headers = response.headers
        self.text = String(buffer: response.body)
    }

    /// The body as a JSON object; fails the test's expectation chain with an empty object otherwise.
    var object: [String: Any] {
        guard let data = text.data(using: .utf8),
            let value = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return value
    }

    var array: [[String: Any]] {
        guard let data = text.data(using: .utf8),
            let value = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { return [] }
        return value
    }

    var contentType: String? { headers[.contentType] }
}

extension [String: Any] {
    func string(_ key: String) -> String? { self[key] as? String }
    func int(_ key: String) -> Int? { self[key] as? Int }
    func double(_ key: String) -> Double? { self[key] as? Double }
    func bool(_ key: String) -> Bool? { self[key] as? Bool }
    /// True when the key is present with JSON `null`.
    func isNull(_ key: String) -> Bool { self[key] is NSNull }
    func object(_ key: String) -> [String: Any] { (self[key] as? [String: Any]) ?? [:] }
    func objects(_ key: String) -> [[String: Any]] { (self[key] as? [[String: Any]]) ?? [] }
    func strings(_ key: String) -> [String] { (self[key] as? [String]) ?? [] }
}

extension TestClientProtocol {
    /// Sends a JSON object body (or `raw` text) and returns the parsed reply.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method,
        _ uri: String,
        headers: HTTPFields = [:],
        json: [String: Any]? = nil,
        raw: String? = nil
    ) async throws -> Reply {
        var headers = headers
        var body: ByteBuffer?
        if let json {
            let data = try JSONSerialization.data(withJSONObject: json)
            body = ByteBuffer(bytes: data)
            headers[.contentType] = "application/json"
        } else if let raw {
            body = ByteBuffer(string: raw)
            headers[.contentType] = "application/json"
        }
        return Reply(try await execute(uri: uri, method: method, headers: headers, body: body))
    }
}
