import HTTPTypes
import Hummingbird

/// Checks the Bearer API token and the account in the path, answering as Cloudflare does:
/// no credentials → 400/9106, a garbled `Authorization` → 400/6003, an account id that is not 1–32
/// hex digits → 400/7003, a wrong token or another account → 403 (or the configured status)/10000.
///
/// Legacy `X-Auth-Email` + `X-Auth-Key` credentials are refused as a wrong token: the emulator
/// issues only API tokens.
struct CloudflareAuthMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext

    let credentials: EmulatorCredentials.Cloudflare

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let accountID = try context.parameters.require("account_id")
        guard let header = request.headers[.authorization] else {
            let legacy = HTTPField.Name("X-Auth-Key").flatMap { request.headers[$0] }
            if legacy != nil { throw CloudflareError.authenticationFailed(status: credentials.invalidTokenStatus) }
            throw CloudflareError.missingCredentials
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0] == "Bearer", !parts[1].contains(" ") else {
            throw CloudflareError.malformedAuthorization
        }
        guard (1...32).contains(accountID.count), accountID.allSatisfy(\.isHexDigit) else {
            throw CloudflareError.noRoute(request.uri.path)
        }
        guard parts[1] == credentials.apiToken else {
            throw CloudflareError.authenticationFailed(status: credentials.invalidTokenStatus)
        }
        // A valid token without access to the account: Cloudflare refuses with 403 and code 10000.
        guard accountID == credentials.accountID else {
            throw CloudflareError.authenticationFailed(status: 403)
        }
        return try await next(request, context)
    }
}
