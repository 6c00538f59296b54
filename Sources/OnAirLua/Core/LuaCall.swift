internal import CLua

/// The arguments of one binding call, read without ever raising a Lua error: every problem is a
/// thrown `LuaError` naming the binding, the argument position and what was expected.
public struct LuaCall {
    let L: OpaquePointer
    unowned(unsafe) let box: LuaBindingBox
    var vm: LuaVM { box.vm }
    /// The qualified name scripts know the binding by (`json.encode`).
    public var name: String { box.name }
    /// Number of arguments passed.
    public var count: Int { Int(lua_gettop(L)) }

    init(L: OpaquePointer, box: LuaBindingBox) {
        self.L = L
        self.box = box
    }

    /// True when argument `position` is absent or nil.
    public func isNil(_ position: Int) -> Bool {
        position > count || lua_type(L, Int32(position)) <= LUA_TNIL
    }

    /// The Lua type name of an argument ("no value" when absent).
    public func typeName(_ position: Int) -> String {
        position > count ? "no value" : LuaStack.typeName(L, Int32(position))
    }

    public func error(_ position: Int, _ expectation: String) -> LuaError {
        LuaError.argument(name, position, expectation)
    }

    /// Argument as plain data (tables converted recursively, within the conversion limits).
    public func value(_ position: Int) throws -> LuaValue {
        if position > count { return .nil }
        do {
            return try vm.conversion(L).read(Int32(position))
        } catch {
            throw LuaError.argument(name, position, error.message)
        }
    }

    /// An integer argument. Like Lua's own library functions, floats with an integral value and
    /// numeric strings are accepted.
    @inline(__always)
    public func integer(_ position: Int) throws -> Int64 {
        var isInteger: Int32 = 0
        let value = lua_tointegerx(L, Int32(position), &isInteger)
        if isInteger != 0 { return Int64(value) }
        throw error(position, "expected an integer, got \(describeArgument(position))")
    }

    public func number(_ position: Int) throws -> Double {
        if lua_type(L, Int32(position)) == LUA_TNUMBER { return clua_tonumber(L, Int32(position)) }
        throw error(position, "expected a number, got \(describeArgument(position))")
    }

    public func string(_ position: Int) throws -> String {
        if let text = LuaStack.string(L, Int32(position)) { return text }
        throw error(position, "expected a string, got \(describeArgument(position))")
    }

    public func bytes(_ position: Int) throws -> [UInt8] {
        if let bytes = LuaStack.bytes(L, Int32(position)) { return bytes }
        throw error(position, "expected a string, got \(describeArgument(position))")
    }

    public func optionalString(_ position: Int) throws -> String? {
        isNil(position) ? nil : try string(position)
    }

    public func boolean(_ position: Int) throws -> Bool {
        if lua_type(L, Int32(position)) == LUA_TBOOLEAN { return lua_toboolean(L, Int32(position)) != 0 }
        throw error(position, "expected a boolean, got \(describeArgument(position))")
    }

    public func table(_ position: Int) throws -> LuaTable {
        guard lua_type(L, Int32(position)) == LUA_TTABLE else {
            throw error(position, "expected a table, got \(describeArgument(position))")
        }
        guard case .table(let table) = try value(position) else { return LuaTable() }
        return table
    }

    public func optionalTable(_ position: Int) throws -> LuaTable? {
        isNil(position) ? nil : try table(position)
    }

    /// A duration: seconds as a number, or a string such as "90s", "5m", "1h30m".
    public func duration(_ position: Int) throws -> Duration {
        let raw = try value(position)
        guard let duration = LuaDuration.parse(raw) else {
            throw error(position, "expected a duration (seconds, or a string like \"90s\", \"5m\", \"1h30m\"), got \(describeArgument(position))")
        }
        return duration
    }

    /// One field of a table argument (read raw, converted alone), so a table that also holds
    /// functions (a playbook with its `run`) can still be read. `.nil` when absent or not a table.
    public func field(_ position: Int, _ key: String) throws -> LuaValue {
        guard lua_type(L, Int32(position)) == LUA_TTABLE else { return .nil }
        LuaStack.getField(L, Int32(position), key)
        defer { lua_settop(L, -2) }
        do {
            return try vm.conversion(L).read(-1)
        } catch {
            throw LuaError.argument(name, position, "field `\(key)`: \(error.message)")
        }
    }

    public func isFunction(_ position: Int) -> Bool { lua_type(L, Int32(position)) == LUA_TFUNCTION }

    /// "nil", "a table", "the string \"x\"": how argument errors name what they got.
    public func describeArgument(_ position: Int) -> String {
        if position > count { return "no value" }
        switch lua_type(L, Int32(position)) {
        case LUA_TNIL: return "nil"
        case LUA_TSTRING:
            let text = LuaStack.string(L, Int32(position)) ?? ""
            return "the string \"\(text.prefix(40))\""
        default: return "a " + LuaStack.typeName(L, Int32(position))
        }
    }

    // MARK: Results pushed directly (fast path)

    /// Pushes an integer result directly (the fast path for hot bindings); the binding then
    /// returns `LuaReturn.one`.
    @inline(__always)
    public func pushInteger(_ value: Int64) { lua_pushinteger(L, lua_Integer(value)) }
}

extension LuaReturn {
    /// One result the binding already pushed with a `LuaCall.push…` method.
    public static var one: LuaReturn { LuaReturn(kind: .pushed, count: 1) }
}
