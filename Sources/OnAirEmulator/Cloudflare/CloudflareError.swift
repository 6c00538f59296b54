import Hummingbird

/// A Cloudflare API v4 failure: the envelope with `success: false`, `result: null` and one item
/// in `errors`.
///
/// Cloudflare documents the shape but not Stream's numeric codes; the emulator uses the codes
/// observed for authentication and routing and these for the rest (clients must branch on the HTTP
/// status, never on the code):
/// - 9106 no credentials, 6003 (chain 6111) malformed `Authorization`, 10000 token refused
/// - 7003 account or route not found
/// - 10003 live input or output not found, 10005 invalid body, 971 rate limited, 10002 server error
struct CloudflareError: Error, HTTPResponseError, Sendable {
    struct Item: Encodable, Sendable, Equatable {
        struct Source: Encodable, Sendable, Equatable {
            var pointer: String
        }

        struct Link: Encodable, Sendable, Equatable {
            var code: Int
            var message: String
        }

        var code: Int
        var message: String
        var source: Source?
        var errorChain: [Link]?

        enum CodingKeys: String, CodingKey {
            case code, message, source
            case errorChain = "error_chain"
        }
    }

    private struct Body: Encodable {
        var success = false
        var errors: [Item]
        var messages: [Item] = []
        @NullEncoded var result: JSONValue? = nil
    }

    let status: HTTPResponse.Status
    let items: [Item]

    init(status: HTTPResponse.Status, items: [Item]) {
        self.status = status
        self.items = items
    }

    init(status: HTTPResponse.Status, code: Int, message: String, pointer: String? = nil) {
        self.init(status: status, items: [Item(code: code, message: message, source: pointer.map { .init(pointer: $0) })])
    }

    static let missingCredentials = CloudflareError(
        status: .badRequest, code: 9106, message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers"
    )
    static let malformedAuthorization = CloudflareError(
        status: .badRequest,
        items: [Item(code: 6003, message: "Invalid request headers", errorChain: [.init(code: 6111, message: "Invalid format for Authorization header")])]
    )

    static func authenticationFailed(status: Int) -> CloudflareError {
        CloudflareError(status: .init(configuredCode: status), code: 10000, message: "Authentication error")
    }

    static func noRoute(_ path: String) -> CloudflareError {
        CloudflareError(status: .badRequest, code: 7003, message: "Could not route to \(path), perhaps your object identifier is invalid?")
    }

    static let liveInputNotFound = CloudflareError(status: .notFound, code: 10003, message: "Not Found: live input")
    static let outputNotFound = CloudflareError(status: .notFound, code: 10003, message: "Not Found: output")

    static func invalid(_ problem: FieldProblem) -> CloudflareError {
        CloudflareError(status: .badRequest, code: 10005, message: "Bad Request: \(problem.message)", pointer: "/\(problem.field)")
    }

    /// The code used when only a status is known (faults, unknown routes).
    static func code(for status: HTTPResponse.Status) -> Int {
        switch status.code {
        case 404: 7003
        case 429: 971
        case 400..<500: 10005
        default: 10002
        }
    }

    func response(headers: HTTPFields = [:]) -> Response {
        JSONResponse.make(status: status, Body(errors: items), headers: headers)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }
}

extension Request {
    /// The JSON body as Cloudflare reads it; a malformed body is a 400 envelope.
    func cloudflareFields(limit: Int) async throws(CloudflareError) -> JSONFields {
        do throws(BodyProblem) {
            return JSONFields(try await jsonObject(limit: limit))
        } catch {
            throw CloudflareError(status: .badRequest, code: 10005, message: "Bad Request: the body must be a JSON object")
        }
    }
}
