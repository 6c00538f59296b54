import Hummingbird

/// The v4 success envelope: `{"result": ..., "success": true, "errors": [], "messages": []}`.
struct CloudflareEnvelope<Result: Encodable & Sendable>: Encodable, Sendable {
    @NullEncoded var result: Result?
    var success = true
    var errors: [CloudflareError.Item] = []
    var messages: [CloudflareError.Item] = []

    init(_ result: Result?) {
        self.result = result
    }

    /// Every Stream success is HTTP 200, creates included.
    static func response(_ result: Result?) -> Response {
        JSONResponse.make(status: .ok, CloudflareEnvelope(result))
    }
}
