internal import CLua

/// Non-raising reads and writes of the Lua stack, for host code.
///
/// Every function here is safe to call from Swift: none runs a metamethod, raises or yields.
/// Pushes allocate, which is safe because host code runs with the sandbox's host depth above
/// zero, so the allocator never refuses for limit reasons (see clua_sandbox.h).
enum LuaStack {
    static let typeNil: Int32 = LUA_TNIL
    static let typeBoolean: Int32 = LUA_TBOOLEAN
    static let typeLightUserdata: Int32 = LUA_TLIGHTUSERDATA
    static let typeNumber: Int32 = LUA_TNUMBER
    static let typeString: Int32 = LUA_TSTRING
    static let typeTable: Int32 = LUA_TTABLE
    static let typeFunction: Int32 = LUA_TFUNCTION
    static let typeUserdata: Int32 = LUA_TUSERDATA
    static let typeThread: Int32 = LUA_TTHREAD

    static func typeName(_ L: OpaquePointer, _ index: Int32) -> String {
        String(cString: lua_typename(L, lua_type(L, index)))
    }

    /// The bytes of a string value (not a number: converting a number in place would change the
    /// stack under a table traversal).
    static func bytes(_ L: OpaquePointer, _ index: Int32) -> [UInt8]? {
        guard lua_type(L, index) == LUA_TSTRING else { return nil }
        var length = 0
        guard let pointer = lua_tolstring(L, index, &length) else { return nil }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    static func string(_ L: OpaquePointer, _ index: Int32) -> String? {
        guard lua_type(L, index) == LUA_TSTRING else { return nil }
        var length = 0
        guard let pointer = lua_tolstring(L, index, &length) else { return nil }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    static func push(_ L: OpaquePointer, _ text: String) {
        var text = text
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                _ = lua_pushlstring(L, chars.baseAddress, chars.count)
            }
        }
    }

    static func push(_ L: OpaquePointer, bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                _ = lua_pushlstring(L, chars.baseAddress, chars.count)
            }
        }
    }

    /// t[key] = value on the table at `table`, raw. [value] -> []
    static func setField(_ L: OpaquePointer, _ table: Int32, _ key: String) {
        let absolute = lua_absindex(L, table)
        push(L, key)
        lua_rotate(L, -2, 1)
        lua_rawset(L, absolute)
    }

    /// Pushes t[key], raw. [] -> [value]
    @discardableResult
    static func getField(_ L: OpaquePointer, _ table: Int32, _ key: String) -> Int32 {
        let absolute = lua_absindex(L, table)
        push(L, key)
        return lua_rawget(L, absolute)
    }

    static func pushRegistryValue(_ L: OpaquePointer, _ ref: Int32) {
        lua_rawgeti(L, clua_registryindex(), lua_Integer(ref))
    }

    /// Anchors the value on top in the registry. [value] -> []
    static func ref(_ L: OpaquePointer) -> Int32 {
        luaL_ref(L, clua_registryindex())
    }

    static func unref(_ L: OpaquePointer, _ ref: Int32) {
        luaL_unref(L, clua_registryindex(), ref)
    }
}
