/// A Lua value that can leave the Lua state: plain data only (no functions, threads or userdata),
/// so it is `Sendable` and can travel between the script and asynchronous Swift work.
public enum LuaValue: Sendable, Hashable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(LuaString)
    case table(LuaTable)
    /// JSON's null where a table must keep a position for it (`json.null` in Lua).
    case null

    public static func text(_ value: String) -> LuaValue { .string(LuaString(value)) }

    public var isNil: Bool { if case .nil = self { return true } else { return false } }

    /// The Lua type name, as `type()` would report it (`json.null` reports "userdata").
    public var typeName: String {
        switch self {
        case .nil: "nil"
        case .boolean: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .table: "table"
        case .null: "userdata"
        }
    }

    public var stringValue: String? { if case .string(let s) = self { return s.text } else { return nil } }
    public var tableValue: LuaTable? { if case .table(let t) = self { return t } else { return nil } }
    public var boolValue: Bool? { if case .boolean(let b) = self { return b } else { return nil } }

    /// Integers, and floats with an exact integer value (Lua's own rule for integer conversion).
    public var integerValue: Int64? {
        switch self {
        case .integer(let i): return i
        case .number(let d): return Int64(exactly: d)
        default: return nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }

    /// Lua truthiness: only nil and false are false.
    public var isTruthy: Bool {
        switch self {
        case .nil, .boolean(false): false
        default: true
        }
    }

    public subscript(key: String) -> LuaValue {
        tableValue?[key] ?? .nil
    }
}

extension LuaValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(nilLiteral: ()) { self = .nil }
    public init(arrayLiteral elements: LuaValue...) { self = .table(LuaTable(array: elements)) }
    public init(dictionaryLiteral elements: (String, LuaValue)...) {
        var table = LuaTable()
        for (key, value) in elements { table[key] = value }
        self = .table(table)
    }
}

extension LuaValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .nil: "nil"
        case .boolean(let b): b ? "true" : "false"
        case .integer(let i): String(i)
        case .number(let d): LuaValue.format(d)
        case .string(let s): s.description
        case .table(let t): t.description
        case .null: "null"
        }
    }

    /// Formats a float the way Lua's `%.14g` does, so values print as Lua prints them.
    static func format(_ d: Double) -> String {
        if d.isNaN { return d.sign == .minus ? "-nan" : "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == d.rounded(), abs(d) < 1e15 {
            return String(Int64(d)) + ".0"
        }
        var text = String(d)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}
