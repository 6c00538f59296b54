import Hummingbird

/// Requires a valid management token on every `/v2` route, checked against the emulator's clock.
struct HMSAuthMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext

    let state: EmulatorState

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let now = await state.store.now
        try HMSManagementToken(credentials: state.configuration.credentials.hms)
            .verify(authorization: request.headers[.authorization], now: now)
        return try await next(request, context)
    }
}
