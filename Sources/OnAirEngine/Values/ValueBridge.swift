import OnAirLua
import OnAirProviders

/// Provider JSON ⇄ Lua values. Field names pass through unchanged, so the provider's own
/// documentation describes every field a script sees or sends.
///
/// JSON null becomes an absent field in objects (so `if room.active_session then` reads
/// naturally) and `json.null` inside arrays (so positions are kept).
enum ValueBridge {
    static func lua(_ value: JSONValue) -> LuaValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .boolean(b)
        case .integer(let i): return .integer(i)
        case .number(let d): return .number(d)
        case .string(let s): return .text(s)
        case .array(let elements): return .table(LuaTable(array: elements.map(lua), shape: .array))
        case .object(let members):
            var table = LuaTable(shape: .object)
            for (key, member) in members where member != .null { table[key] = lua(member) }
            return .table(table)
        }
    }

    /// A Lua value as a JSON request body; `path` names the argument in error messages.
    static func json(_ value: LuaValue, path: String) throws -> JSONValue {
        switch value {
        case .nil, .null: return .null
        case .boolean(let b): return .bool(b)
        case .integer(let i): return .integer(i)
        case .number(let d):
            guard d.isFinite else { throw LuaError(.usage, "\(path): numbers must be finite") }
            return .number(d)
        case .string(let s):
            guard let text = s.text else { throw LuaError(.usage, "\(path): strings must be UTF-8 text") }
            return .string(text)
        case .table(let table):
            if table.isArray {
                return .array(try table.array.enumerated().map { try json($0.element, path: "\(path)[\($0.offset + 1)]") })
            }
            var members: [String: JSONValue] = [:]
            for (offset, element) in table.array.enumerated() {
                members[String(offset + 1)] = try json(element, path: "\(path)[\(offset + 1)]")
            }
            for (key, element) in table.fields {
                let name: String
                switch key {
                case .string(let s): name = s.description
                case .integer(let i): name = String(i)
                default: throw LuaError(.usage, "\(path): keys must be strings")
                }
                members[name] = try json(element, path: path + "." + name)
            }
            return .object(members)
        }
    }

    /// A provider resource as scripts see it: its own fields plus `provider` and `kind`.
    static func resource(_ value: JSONValue, provider: ProviderName, kind: String, extra: [String: LuaValue] = [:]) -> LuaValue {
        guard case .table(var table) = lua(value) else { return lua(value) }
        for (key, field) in extra { table[key] = field }
        table["provider"] = .text(provider.rawValue)
        table["kind"] = .text(kind)
        return .table(table)
    }

    static func resources(_ values: [JSONValue], provider: ProviderName, kind: String, extra: [String: LuaValue] = [:]) -> LuaValue {
        .table(LuaTable(array: values.map { resource($0, provider: provider, kind: kind, extra: extra) }, shape: .array))
    }
}
