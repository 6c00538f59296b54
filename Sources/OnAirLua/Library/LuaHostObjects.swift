internal import CLua

/// Swift objects a script holds as opaque values (a pagination cursor, a handle on host state).
///
/// Lua owns the object through a userdata holding one retained reference; the userdata's `__gc`
/// releases it once, and its metatable is locked, so a script can pass the value around but
/// neither inspect nor forge it.
extension LuaCall {
    /// Pushes `object` as an opaque value; return `LuaReturn.one` after it.
    public func push(object: AnyObject) {
        LuaStack.pushRegistryValue(L, vm.objectMetatableRef)
        clua_push_object(L, Unmanaged.passRetained(object).toOpaque(), -1)
        lua_rotate(L, -2, 1)
        lua_settop(L, -2)
    }

    /// The object at argument `position`, if it is a host object of type `T`.
    public func object<T: AnyObject>(_ position: Int, as type: T.Type) throws -> T {
        LuaStack.pushRegistryValue(L, vm.objectMetatableRef)
        let raw = clua_to_object(L, Int32(position), -1)
        lua_settop(L, -2)
        guard let raw, let object = Unmanaged<AnyObject>.fromOpaque(raw).takeUnretainedValue() as? T else {
            throw error(position, "expected a \(T.self) handle, got \(describeArgument(position))")
        }
        return object
    }
}

extension LuaVM {
    /// The metatable of opaque host objects. [] -> []
    func installObjectMetatable() {
        pushHostMetatable(name: "onair.object", releasesObject: true)
        objectMetatableRef = LuaStack.ref(L)
    }
}
