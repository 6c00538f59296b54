import Foundation

/// Builds request URLs from a configured base URL, path segments and query parameters.
///
/// Ids and names come from scripts, so every path segment is percent-encoded: an id such as
/// `a/../b` or `x?y=1` stays one segment and cannot reach another endpoint.
struct ProviderURL: Sendable, Equatable {
    /// Scheme, authority and base path, without a trailing `/`.
    let base: String

    /// Accepts `https://host[/path]` and `http://...`. A bare host (as `SIGNALWIRE_SPACE` holds
    /// it) gets `https://`, or `http://` for a loopback host, the rule SignalWire's own SDK uses.
    init(_ configured: String, provider: ProviderName) throws(ProviderError) {
        var text = configured.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("/") { text.removeLast() }
        if !text.contains("://") {
            let host = text.split(separator: "/").first.map(String.init) ?? text
            let loopback = host.hasPrefix("127.") || host.hasPrefix("localhost") || host.hasPrefix("[::1]")
            text = (loopback ? "http://" : "https://") + text
        }
        let lowered = text.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), text.count > lowered.prefix(while: { $0 != ":" }).count + 3
        else {
            throw ProviderError(
                kind: .usage, provider: provider, operation: "configure",
                message: "base URL must be an http:// or https:// URL, got '\(configured)'"
            )
        }
        self.base = text
    }

    /// `base/segment/segment?key=value` with segments and query escaped; query keys are sorted so
    /// equal requests have equal URLs.
    func url(_ segments: [String], query: [String: String] = [:]) -> String {
        var url = base
        for segment in segments {
            url += "/" + Self.escape(segment, allowing: Self.segmentCharacters)
        }
        if !query.isEmpty {
            url += "?" + query.sorted { $0.key < $1.key }
                .map { "\(Self.escape($0.key, allowing: Self.queryCharacters))=\(Self.escape($0.value, allowing: Self.queryCharacters))" }
                .joined(separator: "&")
        }
        return url
    }

    /// RFC 3986 unreserved characters plus the sub-delimiters a path segment may hold literally.
    private static let segmentCharacters: Set<UInt8> = Set(
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$'()*,;:@".utf8)
    )
    /// Unreserved characters only: `+`, `&`, `=` and the rest are escaped in keys and values.
    private static let queryCharacters: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))

    static func escape(_ text: String, allowing allowed: Set<UInt8>) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            if allowed.contains(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The query parameters of an absolute or relative URL, percent-decoded; used to follow a
    /// provider's `next` link on our own base URL instead of wherever the link points.
    static func queryParameters(of url: String) -> [String: String] {
        guard let questionMark = url.firstIndex(of: "?") else { return [:] }
        var query = url[url.index(after: questionMark)...]
        if let fragment = query.firstIndex(of: "#") { query = query[..<fragment] }
        var parameters: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = unescape(parts[0])
            parameters[key] = parts.count > 1 ? unescape(parts[1]) : ""
        }
        return parameters
    }

    static func unescape(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
