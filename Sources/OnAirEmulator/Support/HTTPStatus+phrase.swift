import HTTPTypes

extension HTTPResponse.Status {
    /// The standard reason phrase, also for statuses built from a bare code (an injected 502
    /// carries an empty `reasonPhrase`), because SignalWire's error body is that phrase.
    var standardPhrase: String {
        switch code {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: reasonPhrase.isEmpty ? "Error" : reasonPhrase
        }
    }
}

extension HTTPResponse.Status {
    /// A status from a configured number, with its standard phrase on the status line.
    init(configuredCode code: Int) {
        let bare = HTTPResponse.Status(code: code)
        self.init(code: code, reasonPhrase: bare.standardPhrase)
    }
}
