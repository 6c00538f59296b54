import NIOHTTP1

/// A provider's answer, read completely.
struct ProviderResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    /// The body as JSON; nil for an empty body. Throws for a body that is not JSON.
    func json() throws -> JSONValue? {
        guard body.contains(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) else { return nil }
        return try JSONValue.decode(body)
    }
}
