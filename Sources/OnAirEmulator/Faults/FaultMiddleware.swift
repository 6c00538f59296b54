import HTTPTypes
import Hummingbird
import NIOCore

/// Sits in front of every provider route: applies the fault plan, answers unknown routes in the
/// provider's own error shape, and writes each answered request to the journal.
struct FaultMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext

    let state: EmulatorState

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard let provider = Provider(path: path) else {
            return try await next(request, context)
        }
        let method = request.method.rawValue
        let (latency, rule) = await state.faults.beforeHandling(method: method, path: path)
        if latency > 0 {
            try await Task.sleep(for: .milliseconds(latency))
        }
        if let rule {
            let response = Self.response(for: rule, provider: provider)
            await record(method: method, path: path, status: response.status, fault: rule.kind)
            return response
        }

        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            // Only the router throws Hummingbird's own error (no such route, body too large);
            // the providers answer those in their shapes too.
            let message = error.status == .notFound ? "No route for \(method) \(path)" : error.status.standardPhrase
            response = provider.errorResponse(status: error.status, message: message)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }

        guard (200..<300).contains(response.status.code),
            let drop = await state.faults.afterCommit(method: method, path: path)
        else {
            await record(method: method, path: path, status: response.status, fault: nil)
            return response
        }
        switch drop.mode {
        case .close:
            await record(method: method, path: path, status: response.status, fault: drop.kind)
            try? await context.channel.close().get()
            throw ConnectionDropped()
        case .respond:
            let status = HTTPResponse.Status(configuredCode: drop.status)
            await record(method: method, path: path, status: status, fault: drop.kind)
            return provider.errorResponse(status: status, message: status.standardPhrase)
        }
    }

    private func record(method: String, path: String, status: HTTPResponse.Status, fault: FaultRule.Kind?) async {
        await state.store.record(JournalEntry(method: method, path: path, status: status.code, fault: fault?.rawValue))
    }

    /// A rate-limit or server-error answer in the provider's shape. Rate limits carry
    /// `Retry-After`, and Cloudflare's also its `Ratelimit` headers.
    static func response(for rule: FaultRule, provider: Provider) -> Response {
        switch rule.kind {
        case .rateLimit:
            var headers: HTTPFields = [.retryAfter: String(rule.retryAfterSeconds)]
            if provider == .cloudflare, let policy = HTTPField.Name("Ratelimit-Policy"), let limit = HTTPField.Name("Ratelimit") {
                headers[limit] = "\"default\";r=0;t=\(rule.retryAfterSeconds)"
                headers[policy] = "\"burst\";q=1200;w=300"
            }
            return provider.errorResponse(
                status: .tooManyRequests,
                message: "rate limit exceeded, retry after \(rule.retryAfterSeconds) seconds",
                headers: headers
            )
        case .serverError, .dropAfterCommit:
            let status = HTTPResponse.Status(configuredCode: rule.status)
            return provider.errorResponse(status: status, message: status.standardPhrase)
        }
    }
}

/// Thrown after a committed request's connection has been closed on purpose; nothing is written.
struct ConnectionDropped: Error {}
