import Hummingbird

/// A SignalWire REST failure in SignalWire's two documented shapes: `{"error": "Not Found"}` for
/// plain statuses, and `{"errors": [{type, code, message, attribute, url}]}` for 422 validation.
struct SignalWireError: Error, HTTPResponseError, Sendable {
    /// One entry of a 422 `errors` list (`Types.StatusCodes.RestApiErrorItem`).
    struct Item: Encodable, Sendable, Equatable {
        var type: String
        var code: String
        var message: String
        @NullEncoded var attribute: String?
        var url: String

        init(code: String, message: String, attribute: String?) {
            self.type = "validation_error"
            self.code = code
            self.message = message
            self.attribute = attribute
            self.url = "https://signalwire.com/docs/apis/error-codes"
        }
    }

    private struct PlainBody: Encodable {
        var error: String
    }

    private struct ValidationBody: Encodable {
        var errors: [Item]
    }

    let status: HTTPResponse.Status
    let items: [Item]

    init(status: HTTPResponse.Status, items: [Item] = []) {
        self.status = status
        self.items = items
    }

    static let unauthorized = SignalWireError(status: .unauthorized)
    static let notFound = SignalWireError(status: .notFound)
    static let badRequest = SignalWireError(status: .badRequest)

    static func validation(_ items: [Item]) -> SignalWireError {
        SignalWireError(status: .unprocessableContent, items: items)
    }

    /// 422 for field problems: an absent required field is `missing_required_parameter`, anything
    /// else about a field is `invalid_parameter`, each naming the field as its `attribute`.
    static func validation(_ problems: [FieldProblem]) -> SignalWireError {
        .validation(problems.map { problem in
            let code = problem.reason == .missing ? "missing_required_parameter" : "invalid_parameter"
            let message = problem.message.prefix(1).uppercased() + problem.message.dropFirst()
            return Item(code: code, message: message, attribute: problem.field)
        })
    }

    static func validation(_ problem: FieldProblem) -> SignalWireError { .validation([problem]) }

    func response(headers: HTTPFields = [:]) -> Response {
        if status == .unprocessableContent {
            return JSONResponse.make(status: status, ValidationBody(errors: items), headers: headers)
        }
        return JSONResponse.make(status: status, PlainBody(error: status.standardPhrase), headers: headers)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }
}

extension BodyProblem {
    /// SignalWire answers a body that is not JSON with its plain 400.
    var signalWire: SignalWireError { .badRequest }
}
