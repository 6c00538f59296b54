import AsyncHTTPClient
import NIOCore
import NIOHTTP1

extension ProviderTransport {
    /// One unauthenticated request without retries, for endpoints that belong to no provider,
    /// such as the emulator's `/_emulator/...` control API in tests and diagnostics.
    func raw(_ method: String, url: String, body: JSONValue? = nil, timeout: Duration = .seconds(10)) async throws -> (status: Int, body: JSONValue?) {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body.encoded()))
        }
        guard let httpClient else {
            throw ProviderError(kind: .usage, provider: .cloudflare, operation: "raw", message: "the provider transport has been shut down")
        }
        let response = try await httpClient.execute(request, deadline: .now() + TimeAmount(timeout), logger: nil)
        let bytes = try await response.body.collect(upTo: configuration.maxResponseBytes)
        let answer = ProviderResponse(status: Int(response.status.code), headers: response.headers, body: Array(buffer: bytes))
        return (answer.status, try answer.json())
    }
}
