import Foundation

/// The field constraints SignalWire's video schemas declare, shared by rooms and conferences.
enum SignalWireFieldRules {
    static let qualities: Set<String> = ["720p", "1080p"]
    static let layouts: Set<String> = [
        "grid-responsive", "grid-responsive-mobile", "highlight-1-responsive", "1x1", "2x1", "2x2", "5up",
        "3x3", "4x4", "5x5", "6x6", "8x8", "10x10",
    ]
    static let conferenceSizes: Set<String> = ["small", "medium", "large"]

    /// `^[A-Za-z0-9_-]+$`, at most 100 characters.
    static func name(_ fields: JSONFields, _ key: String = "name") throws(FieldProblem) -> String? {
        guard let name = try fields.string(key) else { return nil }
        guard !name.isEmpty, name.count <= 100,
            name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-") })
        else {
            throw .invalid(key, "must contain only letters, digits, '_' and '-' (at most 100 characters)")
        }
        return name
    }

    static func text(_ fields: JSONFields, _ key: String, maxLength: Int) throws(FieldProblem) -> String? {
        guard let text = try fields.string(key) else { return nil }
        guard text.count <= maxLength else { throw .invalid(key, "must be at most \(maxLength) characters") }
        return text
    }

    static func integer(_ fields: JSONFields, _ key: String, in range: ClosedRange<Int>) throws(FieldProblem) -> Int? {
        guard let value = try fields.int(key) else { return nil }
        guard range.contains(value) else {
            throw .invalid(key, "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    static func choice(_ fields: JSONFields, _ key: String, from options: Set<String>) throws(FieldProblem) -> String? {
        guard let value = try fields.string(key) else { return nil }
        guard options.contains(value) else {
            throw .invalid(key, "must be one of \(options.sorted().joined(separator: ", "))")
        }
        return value
    }

    /// RFC 3339, or a bare date that means midnight UTC; stored in SignalWire's whole-second form.
    static func dateTime(_ fields: JSONFields, _ key: String) throws(FieldProblem) -> String? {
        guard let text = try fields.string(key) else { return nil }
        guard let date = Timestamp.parse(text, allowsDateOnly: true) else {
            throw .invalid(key, "must be an RFC 3339 date-time")
        }
        return Timestamp.seconds(date)
    }

    /// A JSON object of at most 2000 characters when serialised.
    static func meta(_ fields: JSONFields) throws(FieldProblem) -> [String: JSONValue]? {
        guard let meta = try fields.object("meta") else { return nil }
        let size = (try? JSONResponse.encoder().encode(JSONValue.object(meta)).count) ?? 0
        guard size <= 2000 else { throw .invalid("meta", "must be at most 2000 characters when serialized") }
        return meta
    }

    /// `^#[0-9a-fA-F]{6}$`
    static func color(_ fields: JSONFields, _ key: String) throws(FieldProblem) -> String? {
        guard let color = try fields.string(key) else { return nil }
        let digits = color.dropFirst()
        guard color.hasPrefix("#"), digits.count == 6, digits.allSatisfy(\.isHexDigit) else {
            throw .invalid(key, "must be a colour like #1A2B3C")
        }
        return color
    }

    /// The address of a server accepting RTMP or RTMPS, with the stream key in the path.
    static func streamURL(_ fields: JSONFields) throws(FieldProblem) -> String {
        let url = try fields.requiredString("url")
        guard let components = URLComponents(string: url),
            let scheme = components.scheme?.lowercased(), scheme == "rtmp" || scheme == "rtmps",
            let host = components.host, !host.isEmpty
        else {
            throw .invalid("url", "must be an rtmp:// or rtmps:// URL")
        }
        return url
    }
}
