import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

extension ProviderTransport {
    /// Per-call settings a client passes along with a request.
    struct CallOptions: Sendable {
        var retry: RetryPolicy
        var timeout: Duration
    }

    /// Sends `request` until it succeeds or retrying stops making sense, and decodes the answer.
    ///
    /// The retry rules (research/providers.md §5.1):
    /// - 429, 408, 5xx and failures without an answer are retried; other 4xx are final.
    /// - A request that is not safe to send twice (``ProviderRequest/Replay/ifNotProcessed``) is
    ///   retried only when the provider said it did not process it (429, 503) or the connection
    ///   never opened. When the outcome is unknown (the connection dropped after sending, a 500,
    ///   502 or 504) it is retried only if the call has a `lookUp`: that runs first, and when it
    ///   finds what the lost request created, that is the result and nothing is sent again. The
    ///   look-up also runs after a 503, because a provider may report 503 for work it did.
    /// - A wait the provider asks for (`Retry-After`) is honoured up to
    ///   ``RetryPolicy/maxRetryAfter``; a longer one ends the call with that `retryAfter`.
    /// - A 401 or 403 lets the dialect renew its credentials once and resend at once, outside the
    ///   attempt budget (100ms management tokens).
    /// - A DELETE answered 404 after an attempt whose outcome is unknown has done its work.
    func perform<Result: Sendable>(
        _ request: ProviderRequest,
        dialect: some ProviderDialect,
        options: CallOptions,
        lookUp: (@Sendable () async throws -> Result?)? = nil,
        decode: (ProviderResponse) throws -> Result
    ) async throws(ProviderError) -> Result {
        let redactor = SecretRedactor(secrets: dialect.secrets)
        var logger = self.logger
        logger[metadataKey: "onair.provider"] = "\(dialect.provider)"
        logger[metadataKey: "onair.provider.operation"] = "\(request.operation)"
        logger[metadataKey: "http.method"] = "\(request.method.rawValue)"
        logger[metadataKey: "http.url"] = "\(redactor.scrub(request.url))"

        guard !hasShutDown else {
            throw ProviderError(kind: .usage, provider: dialect.provider, operation: request.operation, message: "the provider transport has been shut down")
        }
        if let readiness {
            do {
                try await readiness(dialect.provider)
            } catch let error as ProviderError {
                throw error
            } catch {
                throw ProviderError(kind: .unavailable, provider: dialect.provider, operation: request.operation, message: "\(error)", retryable: false)
            }
        }

        var attempt = 0
        var renewedCredentials = false
        var earlierOutcomeUnknown = false
        var mustLookUp = false
        while true {
            attempt += 1
            if mustLookUp, let lookUp {
                mustLookUp = false
                do {
                    if let found = try await lookUp() {
                        logger.info("found the result of an earlier attempt; not sending again", metadata: ["onair.retry.attempt": "\(attempt)"])
                        return found
                    }
                } catch {
                    // Without knowing what happened, sending again could duplicate: give up.
                    throw self.error(from: error, request: request, dialect: dialect, redactor: redactor)
                }
            }

            let outcome = await send(request, dialect: dialect, timeout: options.timeout, redactor: redactor, logger: logger)
            var failure: ProviderError
            var disposition: Disposition
            switch outcome {
            case .answer(let response) where (200..<300).contains(response.status):
                do {
                    return try decode(response)
                } catch {
                    throw self.error(from: error, request: request, dialect: dialect, redactor: redactor, status: response.status)
                }
            case .answer(let response):
                if response.status == 404, request.absentMeansDone, earlierOutcomeUnknown {
                    logger.info("resource already gone after an attempt with unknown outcome; treating the delete as done")
                    do { return try decode(ProviderResponse(status: 204, headers: [:], body: [])) } catch {
                        throw self.error(from: error, request: request, dialect: dialect, redactor: redactor, status: 204)
                    }
                }
                failure = httpError(response, request: request, dialect: dialect, redactor: redactor)
                disposition = Disposition(status: response.status)
                if [401, 403].contains(response.status), !renewedCredentials {
                    renewedCredentials = true
                    if await dialect.renewCredentials() {
                        logger.debug("credentials refused; renewed them and sending once more")
                        attempt -= 1
                        continue
                    }
                }
            case .transportFailure(let transport):
                failure = ProviderError(
                    kind: transport.kind, provider: dialect.provider, operation: request.operation, message: transport.message
                )
                disposition = transport.kind == .cancelled || transport.kind == .usage || transport.kind == .invalid
                    ? .final : (transport.certainlyNotSent ? .notProcessed : .unknown)
            }

            let mayResend: Bool
            switch disposition {
            case .final: mayResend = false
            case .notProcessed: mayResend = true
            case .unknown: mayResend = request.replay == .safe || lookUp != nil
            }
            if disposition == .unknown || (disposition == .notProcessed && failure.status == 503) {
                earlierOutcomeUnknown = true
                mustLookUp = request.replay != .safe && lookUp != nil
            }
            guard mayResend, attempt < options.retry.maxAttempts,
                let delay = options.retry.delay(beforeRetry: attempt, retryAfter: failure.retryAfter)
            else {
                // Out of attempts after an unknown outcome: one last look costs one read and can
                // still turn the failure into the resource that was in fact created.
                if mustLookUp, let lookUp, failure.kind != .cancelled, let found = try? await lookUp() {
                    logger.info("found the result of the last attempt after all")
                    return found
                }
                if failure.kind != .cancelled {
                    logger.debug("provider call failed", metadata: ["onair.error.kind": "\(failure.kind.rawValue)", "http.status": "\(failure.status.map(String.init) ?? "-")"])
                }
                throw failure
            }
            logger.info(
                "retrying provider call",
                metadata: [
                    "onair.retry.attempt": "\(attempt + 1)",
                    "onair.retry.delay_ms": "\(delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000)",
                    "onair.error.kind": "\(failure.kind.rawValue)",
                    "http.status": "\(failure.status.map(String.init) ?? "-")",
                ]
            )
            do {
                try await Task.sleep(for: delay)
            } catch {
                throw ProviderError(kind: .cancelled, provider: dialect.provider, operation: request.operation, message: "the call was cancelled")
            }
        }
    }

    /// What a failed attempt says about sending again.
    enum Disposition: Equatable {
        /// The provider did not act on the request: 429, 503, or no connection.
        case notProcessed
        /// The provider may or may not have acted: 408, 500, 502, 504, a lost connection.
        case unknown
        /// Sending again gives the same answer.
        case final

        init(status: Int) {
            switch status {
            case 429, 503: self = .notProcessed
            case 408, 500...599: self = .unknown
            default: self = .final
            }
        }
    }

    enum AttemptOutcome: Sendable {
        case answer(ProviderResponse)
        case transportFailure(TransportFailure)
    }

    /// One attempt: authorize, send, read the whole answer within the deadline.
    private func send(
        _ request: ProviderRequest,
        dialect: some ProviderDialect,
        timeout: Duration,
        redactor: SecretRedactor,
        logger: Logger
    ) async -> AttemptOutcome {
        var httpRequest = HTTPClientRequest(url: request.url)
        httpRequest.method = request.method
        httpRequest.headers = request.headers
        httpRequest.headers.replaceOrAdd(name: "Accept", value: "application/json")
        httpRequest.headers.replaceOrAdd(name: "User-Agent", value: configuration.userAgent)
        if let body = request.body {
            let bytes = body.encoded()
            httpRequest.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            httpRequest.body = .bytes(ByteBuffer(bytes: bytes))
            if logger.logLevel <= .trace {
                logger.trace("request body", metadata: ["http.body": "\(redactor.redact(body))"])
            }
        }
        do {
            try await dialect.authorize(&httpRequest.headers)
        } catch {
            return .transportFailure(TransportFailure(kind: .unauthorized, message: "could not prepare credentials: \(error)", certainlyNotSent: true))
        }
        let started = ContinuousClock.now
        do {
            let deadline = NIODeadline.now() + TimeAmount(timeout)
            guard let httpClient else {
                return .transportFailure(TransportFailure(kind: .unavailable, message: "the provider transport has been shut down", certainlyNotSent: true))
            }
            let response = try await httpClient.execute(httpRequest, deadline: deadline, logger: nil)
            let body = try await response.body.collect(upTo: configuration.maxResponseBytes)
            let answer = ProviderResponse(status: Int(response.status.code), headers: response.headers, body: Array(buffer: body))
            let elapsed = started.duration(to: .now)
            logger.debug(
                "provider answered",
                metadata: ["http.status": "\(answer.status)", "onair.elapsed_ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)"]
            )
            if logger.logLevel <= .trace, let json = try? answer.json() {
                logger.trace("response body", metadata: ["http.body": "\(redactor.redact(json))"])
            }
            return .answer(answer)
        } catch {
            let failure = Task.isCancelled ? TransportFailure(CancellationError()) : TransportFailure(error)
            logger.debug("no answer from provider", metadata: ["onair.error.kind": "\(failure.kind.rawValue)", "error": "\(redactor.scrub(failure.message))"])
            return .transportFailure(failure)
        }
    }

    /// The error for an HTTP error answer, in the provider's words, scrubbed of secrets.
    private func httpError(_ response: ProviderResponse, request: ProviderRequest, dialect: some ProviderDialect, redactor: SecretRedactor) -> ProviderError {
        let json = try? response.json()
        var (message, details) = dialect.describeFailure(status: response.status, body: json)
        if message.isEmpty {
            let text = String(decoding: response.body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            message = json == nil && !text.isEmpty ? text : HTTPResponseStatus(statusCode: response.status).reasonPhrase
        }
        let kind = ProviderError.Kind(status: response.status)
        return ProviderError(
            kind: kind,
            provider: dialect.provider,
            operation: request.operation,
            status: response.status,
            message: redactor.scrub(message),
            details: details.map(redactor.redact),
            retryable: kind.isRetryableByDefault,
            retryAfter: RetryAfter.seconds(in: response.headers)
        )
    }

    /// Any other failure (a look-up that failed, an answer that could not be decoded) as a
    /// provider error.
    func error(from error: any Error, request: ProviderRequest, dialect: some ProviderDialect, redactor: SecretRedactor, status: Int? = nil) -> ProviderError {
        if var error = error as? ProviderError {
            error.operation = request.operation
            return error
        }
        if let error = error as? JSONParseError {
            return ProviderError(
                kind: .invalid, provider: dialect.provider, operation: request.operation, status: status,
                message: "the provider's answer is not valid JSON (\(error.description))", retryable: false
            )
        }
        let transport = TransportFailure(error)
        return ProviderError(kind: transport.kind, provider: dialect.provider, operation: request.operation, status: status, message: redactor.scrub(transport.message))
    }
}
