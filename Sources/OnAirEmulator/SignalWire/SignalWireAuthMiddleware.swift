import Foundation
import Hummingbird

/// Checks SignalWire's HTTP Basic credentials: user = project id, password = API token.
///
/// Anything else (no header, another scheme, bad base64, wrong pair) gets the documented 401
/// `{"error": "Unauthorized"}`.
struct SignalWireAuthMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext

    let credentials: EmulatorCredentials.SignalWire

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization], accepts(header) else {
            throw SignalWireError.unauthorized
        }
        return try await next(request, context)
    }

    func accepts(_ header: String) -> Bool {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let decoded = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
            let pair = String(data: decoded, encoding: .utf8),
            let colon = pair.firstIndex(of: ":")
        else { return false }
        // The password may itself contain ':'; only the first one separates.
        return pair[..<colon] == credentials.projectID && pair[pair.index(after: colon)...] == credentials.apiToken
    }
}
