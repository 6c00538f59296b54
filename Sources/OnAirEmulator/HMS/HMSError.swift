import Hummingbird

/// A 100ms REST failure: `{"code": <status>, "message": "...", "details": ["..."]}`.
struct HMSError: Error, HTTPResponseError, Sendable {
    private struct Body: Encodable {
        var code: Int
        var message: String
        var details: [String]
    }

    let status: HTTPResponse.Status
    let message: String
    let details: [String]

    init(status: HTTPResponse.Status, message: String, details: [String] = []) {
        self.status = status
        self.message = message
        self.details = details
    }

    /// 401 for a missing, malformed, mis-signed, expired or foreign management token; `reason` goes
    /// into `details`.
    static func tokenInvalid(_ reason: String) -> HMSError {
        HMSError(status: .unauthorized, message: "Token validation error", details: [reason])
    }

    static func badRequest(_ message: String, details: [String] = []) -> HMSError {
        HMSError(status: .badRequest, message: message, details: details)
    }

    static let roomNotFound = HMSError(status: .notFound, message: "room not found")
    static let streamNotFound = HMSError(status: .notFound, message: "external stream not found")

    /// A field problem as 100ms words its body errors: `Invalid body param: <field>`.
    static func invalidBody(_ problem: FieldProblem) -> HMSError {
        .badRequest("Invalid body param: \(problem.field)", details: [problem.message])
    }

    func response(headers: HTTPFields = [:]) -> Response {
        JSONResponse.make(status: status, Body(code: status.code, message: message, details: details), headers: headers)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }
}

extension Request {
    /// The JSON body as 100ms reads it; a malformed body is a 400.
    func hmsFields(limit: Int) async throws(HMSError) -> JSONFields {
        do throws(BodyProblem) {
            return JSONFields(try await jsonObject(limit: limit))
        } catch {
            throw .badRequest("Invalid request body", details: [error == .tooLarge ? "body too large" : "body must be a JSON object"])
        }
    }
}
