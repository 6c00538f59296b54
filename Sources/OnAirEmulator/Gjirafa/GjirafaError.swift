import Hummingbird

/// A Gjirafa VP failure: the same envelope as a success, with `success: false`, the messages in
/// `errors`, `result: null` and `statusCode` equal to the HTTP status.
struct GjirafaError: Error, HTTPResponseError, Sendable {
    let status: HTTPResponse.Status
    let messages: [String]

    init(status: HTTPResponse.Status, messages: [String]) {
        self.status = status
        self.messages = messages
    }

    static let unauthorized = GjirafaError(status: .unauthorized, messages: ["Unauthorized"])
    static let forbidden = GjirafaError(status: .forbidden, messages: ["Forbidden"])
    static let liveVideoNotFound = GjirafaError(status: .notFound, messages: ["Result Not Found: live video"])
    static let restreamNotFound = GjirafaError(status: .notFound, messages: ["Result Not Found: restream"])

    static func badRequest(_ problems: [FieldProblem]) -> GjirafaError {
        GjirafaError(status: .badRequest, messages: problems.map(\.message))
    }

    func response(headers: HTTPFields = [:]) -> Response {
        JSONResponse.make(
            status: status,
            GjirafaEnvelope<JSONValue>(success: false, errors: messages, result: nil, statusCode: status.code),
            headers: headers
        )
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }
}

/// `{"success", "errors", "messages", "result", "resultInfo", "statusCode"}` around every answer.
struct GjirafaEnvelope<Result: Encodable & Sendable>: Encodable, Sendable {
    var success: Bool
    var errors: [String]
    var messages: [String] = []
    @NullEncoded var result: Result?
    @NullEncoded var resultInfo: String? = nil
    var statusCode: Int

    static func response(_ result: Result) -> Response {
        JSONResponse.make(status: .ok, GjirafaEnvelope(success: true, errors: [], result: result, statusCode: 200))
    }
}

extension Request {
    /// The JSON body as Gjirafa binds it: member names compared without case.
    func gjirafaFields(limit: Int) async throws(GjirafaError) -> JSONFields {
        do throws(BodyProblem) {
            return JSONFields(try await jsonObject(limit: limit), ignoresCase: true)
        } catch {
            throw GjirafaError(status: .badRequest, messages: ["The request body must be a JSON object"])
        }
    }
}
