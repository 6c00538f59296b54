internal import CLua

/// Converts between Lua values on a stack and `LuaValue`, with the caps of `ConversionLimits`.
///
/// Tables become `LuaTable`s: keys 1...n with no hole form the array part, every other key goes to
/// `fields`. A table reached twice on the same path is a cycle and is refused; functions, threads
/// and userdata are refused with the path at which they were found.
struct LuaConversion {
    let L: OpaquePointer
    let limits: LuaLimits.ConversionLimits
    /// Registry refs of the metatables that mark an empty table as array or object (json).
    let arrayMarker: Int32
    let objectMarker: Int32
    /// The light userdata that stands for JSON null.
    let nullTag: UnsafeMutableRawPointer

    // MARK: Lua -> Swift

    func read(_ index: Int32) throws(LuaError) -> LuaValue {
        var path: [UnsafeRawPointer] = []
        var entries = 0
        return try read(lua_absindex(L, index), depth: 0, path: &path, entries: &entries, location: "")
    }

    private func read(
        _ index: Int32, depth: Int, path: inout [UnsafeRawPointer], entries: inout Int, location: String
    ) throws(LuaError) -> LuaValue {
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(Int64(clua_tointeger(L, index))) }
            return .number(clua_tonumber(L, index))
        case LUA_TSTRING: return .string(LuaString(bytes: LuaStack.bytes(L, index) ?? []))
        case LUA_TLIGHTUSERDATA where lua_touserdata(L, index) == nullTag: return .null
        case LUA_TTABLE:
            return .table(try readTable(index, depth: depth, path: &path, entries: &entries, location: location))
        default:
            let what = LuaStack.typeName(L, index)
            throw LuaError(.invalid, "cannot convert a \(what) value\(describe(location)) (only nil, booleans, numbers, strings and tables are data)")
        }
    }

    private func describe(_ location: String) -> String { location.isEmpty ? "" : " at \(location)" }

    private func readTable(
        _ index: Int32, depth: Int, path: inout [UnsafeRawPointer], entries: inout Int, location: String
    ) throws(LuaError) -> LuaTable {
        guard depth < limits.maxDepth else {
            throw LuaError(.invalid, "table nesting deeper than \(limits.maxDepth) levels\(describe(location))")
        }
        guard let identity = lua_topointer(L, index) else { return LuaTable() }
        if path.contains(identity) {
            throw LuaError(.invalid, "table contains a cycle\(describe(location))")
        }
        guard lua_checkstack(L, 4) != 0 else { throw LuaError(.invalid, "Lua stack exhausted while converting a table") }
        path.append(identity)
        defer { path.removeLast() }

        var table = LuaTable()
        // The sequence part: 1, 2, ... up to the first nil.
        var position: lua_Integer = 1
        while lua_rawgeti(L, index, position) != LUA_TNIL {
            entries += 1
            if entries > limits.maxEntries { lua_settop(L, -2); throw tooMany(location) }
            let element = try readPopping(depth: depth, path: &path, entries: &entries, location: location + "[\(position)]")
            table.array.append(element)
            position += 1
        }
        lua_settop(L, -2)
        let sequenceEnd = position
        // Every other key.
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            if lua_type(L, -2) == LUA_TNUMBER, lua_isinteger(L, -2) != 0 {
                let key = clua_tointeger(L, -2)
                if key >= 1 && key < sequenceEnd { lua_settop(L, -2); continue }
            }
            entries += 1
            if entries > limits.maxEntries { lua_settop(L, -3); throw tooMany(location) }
            let key: LuaValue
            switch lua_type(L, -2) {
            case LUA_TSTRING: key = .string(LuaString(bytes: LuaStack.bytes(L, -2) ?? []))
            case LUA_TNUMBER:
                key = lua_isinteger(L, -2) != 0 ? .integer(Int64(clua_tointeger(L, -2))) : .number(clua_tonumber(L, -2))
            case LUA_TBOOLEAN: key = .boolean(lua_toboolean(L, -2) != 0)
            default:
                let what = LuaStack.typeName(L, -2)
                lua_settop(L, -3)
                throw LuaError(.invalid, "cannot convert a table with a \(what) key\(describe(location))")
            }
            let name = key.stringValue.map { location.isEmpty ? $0 : location + "." + $0 } ?? location + "[\(key)]"
            do {
                table.fields[key] = try readPopping(depth: depth, path: &path, entries: &entries, location: name)
            } catch {
                lua_settop(L, -2)
                throw error
            }
        }
        if table.isEmpty, lua_getmetatable(L, index) != 0 {
            LuaStack.pushRegistryValue(L, arrayMarker)
            if lua_rawequal(L, -1, -2) != 0 { table.shape = .array }
            lua_settop(L, -2)
            LuaStack.pushRegistryValue(L, objectMarker)
            if lua_rawequal(L, -1, -2) != 0 { table.shape = .object }
            lua_settop(L, -3)
        }
        return table
    }

    /// Reads the value on top and pops it, also when reading fails.
    private func readPopping(
        depth: Int, path: inout [UnsafeRawPointer], entries: inout Int, location: String
    ) throws(LuaError) -> LuaValue {
        defer { lua_settop(L, -2) }
        return try read(lua_gettop(L), depth: depth + 1, path: &path, entries: &entries, location: location)
    }

    private func tooMany(_ location: String) -> LuaError {
        LuaError(.invalid, "table has more than \(limits.maxEntries) entries\(describe(location))")
    }

    // MARK: Swift -> Lua

    /// Pushes a value; false (and nothing pushed) when the Lua stack cannot grow.
    @discardableResult
    func push(_ value: LuaValue) -> Bool {
        guard lua_checkstack(L, 3) != 0 else { return false }
        switch value {
        case .nil: lua_pushnil(L)
        case .boolean(let b): lua_pushboolean(L, b ? 1 : 0)
        case .integer(let i): lua_pushinteger(L, lua_Integer(i))
        case .number(let d): lua_pushnumber(L, d)
        case .string(let s): LuaStack.push(L, bytes: s.bytes)
        case .null: lua_pushlightuserdata(L, nullTag)
        case .table(let table):
            lua_createtable(L, Int32(clamping: table.array.count), Int32(clamping: table.fields.count))
            let target = lua_gettop(L)
            for (offset, element) in table.array.enumerated() {
                guard push(element) else { lua_settop(L, target - 1); return false }
                lua_rawseti(L, target, lua_Integer(offset + 1))
            }
            for (key, element) in table.fields {
                if key.isNil { continue }
                guard push(key) else { lua_settop(L, target - 1); return false }
                guard push(element) else { lua_settop(L, target - 1); return false }
                lua_rawset(L, target)
            }
            if table.isEmpty, let shape = table.shape {
                LuaStack.pushRegistryValue(L, shape == .array ? arrayMarker : objectMarker)
                lua_setmetatable(L, target)
            }
        }
        return true
    }
}
