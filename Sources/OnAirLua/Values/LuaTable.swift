/// A Lua table as plain data: its sequence part (keys 1...n) and every other key.
///
/// An empty Lua table is ambiguous between a JSON array and object; `shape` keeps the script's
/// intent when it was stated (`json.array{}`, `json.object{}`, or decoded from JSON).
public struct LuaTable: Sendable, Hashable, CustomStringConvertible {
    public enum Shape: Sendable, Hashable { case array, object }

    public var array: [LuaValue]
    public var fields: [LuaValue: LuaValue]
    public var shape: Shape?

    public init(array: [LuaValue] = [], fields: [LuaValue: LuaValue] = [:], shape: Shape? = nil) {
        self.array = array
        self.fields = fields
        self.shape = shape
    }

    public var isEmpty: Bool { array.isEmpty && fields.isEmpty }
    public var count: Int { array.count + fields.count }

    /// True when the table should be written as a JSON array.
    public var isArray: Bool {
        if !fields.isEmpty { return false }
        if array.isEmpty { return shape == .array }
        return true
    }

    public subscript(key: String) -> LuaValue? {
        get { fields[.text(key)] }
        set { fields[.text(key)] = newValue }
    }

    /// The string-keyed fields, for code that treats the table as a record.
    public var record: [String: LuaValue] {
        var result: [String: LuaValue] = [:]
        for (key, value) in fields { if let name = key.stringValue { result[name] = value } }
        return result
    }

    public var description: String {
        var parts = array.map { $0.description }
        for (key, value) in fields.sorted(by: { $0.key.description < $1.key.description }) {
            parts.append("\(key)=\(value)")
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }
}
