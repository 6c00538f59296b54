/// A Lua string: a sequence of bytes that is usually, but not necessarily, UTF-8 text.
///
/// Lua strings carry binary data as often as text (stream keys, signatures, packed data), so the
/// host keeps the bytes and offers the text view only where it exists.
public struct LuaString: Sendable, Hashable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init(_ text: String) { self.bytes = Array(text.utf8) }
    public init(stringLiteral value: String) { self.init(value) }

    /// The string as text, or nil when the bytes are not valid UTF-8.
    public var text: String? { String(validating: bytes, as: UTF8.self) }

    /// The text, with invalid sequences replaced, for messages and logs.
    public var description: String { String(decoding: bytes, as: UTF8.self) }

    public static func < (lhs: LuaString, rhs: LuaString) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}
