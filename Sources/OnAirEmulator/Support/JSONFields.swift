/// Why one field of a request body was not accepted.
///
/// Providers phrase and shape these differently, so the checks produce this neutral description and
/// each provider's controller turns it into its own error body.
struct FieldProblem: Error, Sendable, Equatable {
    enum Reason: Sendable, Equatable {
        case missing
        case wrongType(expected: String)
        case invalid(String)
    }

    var field: String
    var reason: Reason

    static func missing(_ field: String) -> FieldProblem { .init(field: field, reason: .missing) }
    static func wrongType(_ field: String, expected: String) -> FieldProblem {
        .init(field: field, reason: .wrongType(expected: expected))
    }
    static func invalid(_ field: String, _ message: String) -> FieldProblem {
        .init(field: field, reason: .invalid(message))
    }

    /// A sentence a person can act on.
    var message: String {
        switch reason {
        case .missing: "\(field) must be present"
        case .wrongType(let expected): "\(field) must be a \(expected)"
        case .invalid(let message): "\(field) \(message)"
        }
    }
}

/// Typed access to the members of a JSON object sent by a client.
///
/// A key that is absent and a key whose value is `null` are told apart, because Cloudflare gives
/// them different meanings (`deleteRecordingAfterDays: null` clears the setting, absence keeps it).
struct JSONFields: Sendable {
    let members: [String: JSONValue]
    /// Gjirafa documents capitalised body names (`Title`, `ChannelId`) for a server that binds them
    /// case-insensitively; lookups there ignore case.
    let ignoresCase: Bool

    init(_ members: [String: JSONValue], ignoresCase: Bool = false) {
        self.members = members
        self.ignoresCase = ignoresCase
    }

    /// The raw value for `key`, or nil when the key is absent.
    func value(_ key: String) -> JSONValue? {
        if let value = members[key] { return value }
        guard ignoresCase else { return nil }
        let lowered = key.lowercased()
        return members.first { $0.key.lowercased() == lowered }?.value
    }

    func contains(_ key: String) -> Bool { value(key) != nil }

    /// True when the key is present with an explicit JSON `null`.
    func isNull(_ key: String) -> Bool { value(key) == .null }

    func string(_ key: String) throws(FieldProblem) -> String? {
        switch value(key) {
        case nil, .null?: return nil
        case .string(let string)?: return string
        default: throw .wrongType(key, expected: "string")
        }
    }

    func requiredString(_ key: String) throws(FieldProblem) -> String {
        guard let string = try string(key) else { throw .missing(key) }
        return string
    }

    func bool(_ key: String) throws(FieldProblem) -> Bool? {
        switch value(key) {
        case nil, .null?: return nil
        case .bool(let bool)?: return bool
        default: throw .wrongType(key, expected: "boolean")
        }
    }

    func int(_ key: String) throws(FieldProblem) -> Int? {
        switch value(key) {
        case nil, .null?: return nil
        case .number(let number)?:
            guard let integer = Int(exactly: number) else { throw .wrongType(key, expected: "integer") }
            return integer
        default: throw .wrongType(key, expected: "integer")
        }
    }

    func number(_ key: String) throws(FieldProblem) -> Double? {
        switch value(key) {
        case nil, .null?: return nil
        case .number(let number)?: return number
        default: throw .wrongType(key, expected: "number")
        }
    }

    func object(_ key: String) throws(FieldProblem) -> [String: JSONValue]? {
        switch value(key) {
        case nil, .null?: return nil
        case .object(let object)?: return object
        default: throw .wrongType(key, expected: "object")
        }
    }

    func stringArray(_ key: String) throws(FieldProblem) -> [String]? {
        switch value(key) {
        case nil, .null?: return nil
        case .array(let items)?:
            var strings: [String] = []
            for item in items {
                guard case .string(let string) = item else { throw .wrongType(key, expected: "array of strings") }
                strings.append(string)
            }
            return strings
        default: throw .wrongType(key, expected: "array of strings")
        }
    }
}
