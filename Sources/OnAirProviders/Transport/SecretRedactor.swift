import Foundation

/// Removes secrets from anything that leaves the module as text: log lines, error messages and
/// error details.
///
/// Two kinds of secret are handled: the credentials a client was configured with (matched
/// literally), and stream keys, which scripts pass inside destination URLs
/// (`rtmp://host/app/KEY`, `srt://host?passphrase=...`) or in fields such as `streamKey`.
struct SecretRedactor: Sendable {
    static let marker = "[redacted]"

    /// Field names whose values are secret wherever they appear (compared without case and
    /// without `_`/`-`).
    static let secretFields: Set<String> = [
        "streamkey", "key", "passphrase", "secret", "token", "apitoken", "apikey", "password", "credentials",
        "authorization", "accesskey", "managementtoken",
    ]

    /// Field names that hold destination addresses (compared like ``secretFields``): their
    /// values lose everything after the first path segment whatever the scheme, because a script
    /// may pass a key inside a URL the provider then refuses for its scheme, and a 100ms
    /// `meeting_url` may carry an `auth_token` in its query.
    static let addressFields: Set<String> = ["url", "streamurl", "rtmpurls", "meetingurl", "ingesturl"]

    /// Schemes whose URLs carry a stream key in the path or query.
    static let streamSchemes = ["rtmp://", "rtmps://", "srt://"]

    /// Literal secrets; very short strings are left out, since replacing them would mangle text
    /// without protecting anything.
    let secrets: [String]

    init(secrets: [String] = []) {
        self.secrets = secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
    }

    /// `text` with every configured secret and every stream URL's key removed.
    func scrub(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: Self.marker)
        }
        return Self.redactStreamURLs(in: result)
    }

    /// A copy of `value` safe to log: secret fields replaced, strings scrubbed.
    ///
    /// The values of secret fields found anywhere in the document are scrubbed from every other
    /// string too: Cloudflare, for one, repeats the ingest key inside the WebRTC publish URL.
    func redact(_ value: JSONValue) -> JSONValue {
        let found = Self.secretValues(in: value)
        let redactor = found.isEmpty ? self : SecretRedactor(secrets: secrets + found)
        return redactor.redactTree(value)
    }

    private static func secretValues(in value: JSONValue) -> [String] {
        switch value {
        case .array(let elements):
            return elements.flatMap(secretValues)
        case .object(let members):
            return members.flatMap { key, member -> [String] in
                if isSecretField(key), let text = member.stringValue { return [text] }
                return secretValues(in: member)
            }
        default:
            return []
        }
    }

    private func redactTree(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text):
            return .string(scrub(text))
        case .array(let elements):
            return .array(elements.map(redactTree))
        case .object(let members):
            var copy: [String: JSONValue] = [:]
            for (key, member) in members {
                if Self.isSecretField(key), member != .null {
                    copy[key] = .string(Self.marker)
                } else if Self.addressFields.contains(Self.normalized(key)) {
                    copy[key] = redactAddresses(member)
                } else {
                    copy[key] = redactTree(member)
                }
            }
            return .object(copy)
        default:
            return value
        }
    }

    static func isSecretField(_ name: String) -> Bool {
        secretFields.contains(normalized(name))
    }

    static func normalized(_ name: String) -> String {
        String(name.lowercased().filter { $0 != "_" && $0 != "-" })
    }

    /// Address strings (alone or in a list) with their path and query redacted, any scheme.
    private func redactAddresses(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text):
            guard let separator = text.range(of: "://") else { return .string(scrub(text)) }
            return .string(scrub(String(text[..<separator.upperBound]) + Self.redactAddress(text[separator.upperBound...])))
        case .array(let elements):
            return .array(elements.map(redactAddresses))
        default:
            return redactTree(value)
        }
    }

    /// Keeps a stream URL's scheme, host and (when a key follows it) its first path segment, the
    /// application name; replaces everything after with the marker.
    ///
    /// `rtmp://a.rtmp.youtube.com/live2/abcd-efgh` → `rtmp://a.rtmp.youtube.com/live2/[redacted]`;
    /// a URL with a single path segment loses it, since some services take the key there.
    static func redactStreamURLs(in text: String) -> String {
        guard streamSchemes.contains(where: { text.range(of: $0, options: .caseInsensitive) != nil }) else { return text }
        var output = ""
        var rest = Substring(text)
        while let start = streamSchemes.compactMap({ rest.range(of: $0, options: .caseInsensitive) }).min(by: { $0.lowerBound < $1.lowerBound }) {
            output += rest[..<start.upperBound]
            let afterScheme = rest[start.upperBound...]
            let end = afterScheme.firstIndex(where: { $0.isWhitespace || "\"'<>,;)]}".contains($0) }) ?? afterScheme.endIndex
            output += redactAddress(afterScheme[..<end])
            rest = afterScheme[end...]
        }
        return output + rest
    }

    private static func redactAddress(_ address: Substring) -> String {
        let queryStart = address.firstIndex(where: { $0 == "?" || $0 == "#" })
        let withoutQuery = address[..<(queryStart ?? address.endIndex)]
        let segments = withoutQuery.split(separator: "/", omittingEmptySubsequences: false)
        var kept = String(segments.first ?? "")
        let path = segments.dropFirst().filter { !$0.isEmpty }
        if path.count >= 2 {
            kept += "/" + path[path.startIndex] + "/" + marker
        } else if path.count == 1 {
            kept += "/" + marker
        }
        if queryStart != nil { kept += "?" + marker }
        return kept
    }
}
