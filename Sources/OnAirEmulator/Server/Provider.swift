import Hummingbird

/// The four services the emulator speaks, told apart by the path prefix each one documents.
///
/// Faults, unknown routes and the journal need to answer or label a request before any provider
/// controller has looked at it, so the prefix rules live in one place.
enum Provider: String, Sendable, Codable, CaseIterable {
    case signalWire = "signalwire"
    case hms = "100ms"
    case cloudflare = "cloudflare"
    case gjirafa = "gjirafa"

    init?(path: String) {
        if path == "/api/video" || path.hasPrefix("/api/video/") {
            self = .signalWire
        } else if path.hasPrefix("/v2/") {
            self = .hms
        } else if path.hasPrefix("/client/v4/") {
            self = .cloudflare
        } else if path.hasPrefix("/api/v1/") || path.hasPrefix("/api/v2/") {
            self = .gjirafa
        } else {
            return nil
        }
    }

    /// An error answer in this provider's own shape, for failures that are not about any one
    /// resource: injected faults, unknown routes, unsupported methods.
    func errorResponse(status: HTTPResponse.Status, message: String, headers: HTTPFields = [:]) -> Response {
        switch self {
        case .signalWire:
            SignalWireError(status: status).response(headers: headers)
        case .hms:
            HMSError(status: status, message: message).response(headers: headers)
        case .cloudflare:
            CloudflareError(status: status, code: CloudflareError.code(for: status), message: message).response(headers: headers)
        case .gjirafa:
            GjirafaError(status: status, messages: [message]).response(headers: headers)
        }
    }
}
