internal import CLua

/// The `json` module: `json.encode(value, {pretty = true})`, `json.decode(text)`, `json.null`,
/// and `json.array(t)` / `json.object(t)` to say what an empty table means.
enum JSONModule {
    static let module = LuaModule(
        "json",
        functions: [
            LuaFunction("encode") { call in
                let value = try call.value(1)
                let options = try call.optionalTable(2)
                let pretty = options?["pretty"]?.isTruthy ?? false
                do {
                    return .value(.text(try JSONCodec.encodeChecked(value, pretty: pretty, maxDepth: call.vm.limits.conversion.maxDepth)))
                } catch let error as LuaError {
                    throw LuaError(.invalid, "json.encode: \(error.message)")
                }
            },
            LuaFunction("decode") { call in
                let bytes = try call.bytes(1)
                do {
                    return .value(try JSONCodec.decode(bytes, maxDepth: call.vm.limits.conversion.maxDepth))
                } catch let error as LuaError {
                    throw LuaError(.invalid, "json.decode: \(error.message)")
                }
            },
            LuaFunction("array") { call in try mark(call, as: .array) },
            LuaFunction("object") { call in try mark(call, as: .object) },
        ],
        values: ["null": .null]
    )

    /// Gives a table (a new one when none is passed) the marker metatable of a shape.
    private static func mark(_ call: LuaCall, as shape: LuaTable.Shape) throws -> LuaReturn {
        let L = call.L
        if call.isNil(1) {
            lua_settop(L, 0)
            lua_createtable(L, 0, 0)
        } else if lua_type(L, 1) != LUA_TTABLE {
            throw call.error(1, "expected a table, got \(call.describeArgument(1))")
        }
        lua_settop(L, 1)
        LuaStack.pushRegistryValue(L, shape == .array ? call.vm.arrayMarkerRef : call.vm.objectMarkerRef)
        lua_setmetatable(L, 1)
        return .one
    }
}
