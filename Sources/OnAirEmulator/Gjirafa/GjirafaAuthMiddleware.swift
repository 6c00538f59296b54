import HTTPTypes
import Hummingbird

/// Checks the API key in the configured header and scheme (default `Authorization: Bearer <key>`)
/// and that the key's project is the one in the path.
///
/// A missing or wrong key is 401; a right key for another project is 403, as a key scoped to
/// other projects would be.
struct GjirafaAuthMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext

    let credentials: EmulatorCredentials.Gjirafa

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard presentsKey(request.headers) else { throw GjirafaError.unauthorized }
        guard try context.parameters.require("projectId") == credentials.projectID else { throw GjirafaError.forbidden }
        return try await next(request, context)
    }

    func presentsKey(_ headers: HTTPFields) -> Bool {
        let key = credentials.apiKey
        let expected = credentials.scheme.isEmpty ? key : "\(credentials.scheme) \(key)"
        if let name = HTTPField.Name(credentials.headerName), headers[name] == expected {
            return true
        }
        guard credentials.acceptsAlternativeForms else { return false }
        if let value = headers[.authorization], value == key || value == "Bearer \(key)" { return true }
        for alternative in ["api-key", "x-api-key"] {
            if let name = HTTPField.Name(alternative), headers[name] == key { return true }
        }
        return false
    }
}
