import Foundation
@testable import OnAirProviders
import NIOHTTP1
import Testing

@Suite struct TransportPartsTests {
    @Test func retryAfterForms() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryAfter.seconds(in: ["Retry-After": "7"], now: now) == 7)
        #expect(RetryAfter.seconds(in: ["retry-after-ms": "250", "Retry-After": "7"], now: now) == 0.25)
        // 2023-11-14T22:13:20Z is 1_700_000_000; thirty seconds later:
        #expect(RetryAfter.seconds(in: ["Retry-After": "Tue, 14 Nov 2023 22:13:50 GMT"], now: now) == 30)
        #expect(RetryAfter.seconds(in: ["Retry-After": "Tue, 14 Nov 2023 22:00:00 GMT"], now: now) == 0)
        #expect(RetryAfter.seconds(in: ["Retry-After": "soon"], now: now) == nil)
        #expect(RetryAfter.seconds(in: [:], now: now) == nil)
    }

    @Test func backoffGrowsAndIsCapped() {
        let policy = RetryPolicy()
        #expect(policy.backoff(beforeRetry: 1, random: 0) == .milliseconds(500))
        #expect(policy.backoff(beforeRetry: 2, random: 0) == .seconds(1))
        #expect(policy.backoff(beforeRetry: 10, random: 0) == .seconds(8))
        #expect(policy.backoff(beforeRetry: 1, random: 1) == .milliseconds(375))
        #expect(policy.delay(beforeRetry: 1, retryAfter: 2) == .seconds(2))
        #expect(policy.delay(beforeRetry: 1, retryAfter: 61) == nil)
        #expect(RetryPolicy.none.maxAttempts == 1)
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
    }

    @Test func statusesMapToKinds() {
        #expect(ProviderError.Kind(status: 400) == .invalid)
        #expect(ProviderError.Kind(status: 422) == .invalid)
        #expect(ProviderError.Kind(status: 401) == .unauthorized)
        #expect(ProviderError.Kind(status: 403) == .forbidden)
        #expect(ProviderError.Kind(status: 404) == .notFound)
        #expect(ProviderError.Kind(status: 409) == .conflict)
        #expect(ProviderError.Kind(status: 429) == .rateLimited)
        #expect(ProviderError.Kind(status: 503) == .unavailable)
        #expect(ProviderError.Kind.notFound.rawValue == "not_found")
        #expect(ProviderError.Kind.rateLimited.rawValue == "rate_limited")
        let error = ProviderError(kind: .rateLimited, provider: .cloudflare, operation: "create_live_input", status: 429, message: "slow down", retryAfter: 3)
        #expect(error.retryable)
        #expect(error.description == "cloudflare create_live_input: rate_limited (HTTP 429): slow down (retry after 3.0s)")
    }

    @Test func streamKeysAreRedacted() {
        let redactor = SecretRedactor(secrets: ["super-secret-token"])
        #expect(redactor.scrub("rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl") == "rtmp://a.rtmp.youtube.com/live2/[redacted]")
        #expect(redactor.scrub("url rtmps://live.example.com:443/key123, next") == "url rtmps://live.example.com:443/[redacted], next")
        #expect(redactor.scrub("srt://host:778?streamid=abc&passphrase=p") == "srt://host:778?[redacted]")
        #expect(redactor.scrub("Bearer super-secret-token") == "Bearer [redacted]")
        let body: JSONValue = [
            "streamKey": "k1", "stream_key": "k2", "url": "rtmp://h/app/k3", "rtmp_urls": ["rtmp://h/app/k4"], "title": "fine",
            "credentials": ["key": "a", "secret": "b"], "streamUrl": "http://h/app/k5",
            "meeting_url": "https://team.app.100ms.live/preview/room/host?auth_token=k6",
        ]
        let redacted = redactor.redact(body).description
        for secret in ["k1", "k2", "k3", "k4", "k5", "k6", "\"a\"", "\"b\""] { #expect(!redacted.contains(secret)) }
        #expect(redacted.contains("https://team.app.100ms.live/preview/[redacted]?[redacted]"))
        #expect(redacted.contains("fine"))
    }

    @Test func urlsEscapeIdsAndQueries() throws {
        let base = try ProviderURL("https://api.example.com/v2/", provider: .hms)
        #expect(base.url(["rooms", "a/../b?x"]) == "https://api.example.com/v2/rooms/a%2F..%2Fb%3Fx")
        #expect(base.url(["rooms"], query: ["b": "2", "a": "x y&z"]) == "https://api.example.com/v2/rooms?a=x%20y%26z&b=2")
        #expect(try ProviderURL("example.signalwire.com", provider: .signalwire).base == "https://example.signalwire.com")
        #expect(try ProviderURL("127.0.0.1:8080", provider: .signalwire).base == "http://127.0.0.1:8080")
        #expect(throws: ProviderError.self) { try ProviderURL("ftp://x", provider: .gjirafa) }
        #expect(ProviderURL.queryParameters(of: "http://h/p?page_number=1&page_token=PA%2Bx&f=a+b") == ["page_number": "1", "page_token": "PA+x", "f": "a b"])
    }

    @Test func badBaseURLIsAUsageErrorOnEveryCall() async throws {
        let transport = ProviderTransport()
        let client = GjirafaClient(configuration: .init(baseURL: "ftp://nowhere", projectID: "p", apiKey: "k"), transport: transport)
        let error = await providerError { _ = try await client.getLiveVideo("x") }
        #expect(error?.kind == .usage)
        #expect(error?.operation == "get_live_video")
        try await transport.shutdown()
        try await transport.shutdown()
    }
}
