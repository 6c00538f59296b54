internal import CLua

/// The host-side object behind one binding in one state. The state's C closure holds it as a
/// light userdata; the VM's `boxes` array keeps it alive for as long as the state exists.
final class LuaBindingBox {
    unowned(unsafe) let vm: LuaVM
    let name: String
    let body: @Sendable (inout LuaCall) throws -> LuaReturn
    /// The C record the closure's upvalue points to.
    let record: UnsafeMutablePointer<clua_binding>

    init(vm: LuaVM, name: String, function: LuaFunction) {
        self.vm = vm
        self.name = name
        self.body = function.body
        record = .allocate(capacity: 1)
        record.initialize(to: clua_binding(sandbox: vm.sandbox, box: nil))
        record.pointee.box = Unmanaged.passUnretained(self).toOpaque()
        for counter in vm.diagnostics { counter.bindingCreated() }
    }

    deinit {
        record.deallocate()
        for counter in vm.diagnostics { counter.bindingDestroyed() }
    }

    /// Pushes the binding as a Lua function. [] -> [function]
    func push(on L: OpaquePointer) { clua_push_binding(L, record) }

    /// Runs the binding and turns its outcome into a trampoline status. Never raises.
    @inline(__always)
    func invoke(_ L: OpaquePointer) -> Int32 {
        var call = LuaCall(L: L, box: self)
        let outcome: LuaReturn
        do {
            outcome = try body(&call)
        } catch let error as LuaError {
            return raise(error, on: L)
        } catch {
            return raise(LuaError(.runtime, "\(name): \(error)", binding: name), on: L)
        }
        if outcome.kind == .pushed { return outcome.count }
        switch outcome.payload {
        case .value(let value)?:
            guard vm.conversion(L).push(value) else { return raise(stackExhausted, on: L) }
            return 1
        case .values(let values)?:
            guard lua_checkstack(L, Int32(clamping: values.count + 1)) != 0 else { return raise(stackExhausted, on: L) }
            let convert = vm.conversion(L)
            for value in values where !convert.push(value) { return raise(stackExhausted, on: L) }
            return Int32(values.count)
        case .wait(let work)?:
            do {
                try vm.checkCanPark(L, binding: name)
            } catch {
                return raise(error, on: L)
            }
            vm.park(work: work, binding: name)
            return Int32(CLUA_STATUS_PARK)
        case nil:
            return outcome.kind == .parked ? Int32(CLUA_STATUS_PARK) : Int32(CLUA_STATUS_RAISE)
        }
    }

    private var stackExhausted: LuaError { LuaError(.runtime, "\(name): too many results", binding: name) }

    private func raise(_ error: LuaError, on L: OpaquePointer) -> Int32 {
        var error = error
        if error.binding == nil { error.binding = name }
        vm.pushError(error, on: L)
        return Int32(CLUA_STATUS_RAISE)
    }
}

/// The one Swift entry the trampoline calls: a plain C-callable function (no closure thunks on
/// the hottest path of every binding call), borrowing the box without retaining it.
@_cdecl("onair_lua_dispatch")
func luaDispatchEntry(_ L: OpaquePointer?, _ raw: UnsafeMutableRawPointer?) -> Int32 {
    Unmanaged<LuaBindingBox>.fromOpaque(raw.unsafelyUnwrapped)._withUnsafeGuaranteedRef {
        $0.invoke(L.unsafelyUnwrapped)
    }
}

let luaDispatch: clua_dispatch_fn = luaDispatchEntry

/// print() output.
let luaWrite: clua_write_fn = { host, text, length in
    let vm = Unmanaged<LuaVM>.fromOpaque(host!).takeUnretainedValue()
    let bytes = text!.withMemoryRebound(to: UInt8.self, capacity: length) {
        Array(UnsafeBufferPointer(start: $0, count: length))
    }
    vm.configuration.output(bytes)
}

/// require(): pushes (source, chunkname) and returns 1, or pushes a message and returns 0.
let luaModuleSource: clua_module_fn = { host, L, name in
    let vm = Unmanaged<LuaVM>.fromOpaque(host!).takeUnretainedValue()
    switch vm.moduleSource(named: String(cString: name!)) {
    case .success(let module):
        LuaStack.push(L!, bytes: module.source)
        LuaStack.push(L!, "@" + module.name)
        return 1
    case .failure(let error):
        LuaStack.push(L!, error.message)
        return 0
    }
}

/// __gc of a userdata holding a Swift object: one release.
let luaRelease: clua_release_fn = { object in
    Unmanaged<AnyObject>.fromOpaque(object!).release()
}

/// An error outside every protected call: nothing can be unwound, so say what happened and stop.
let luaPanic: lua_CFunction = { L in
    let message = LuaStack.string(L!, -1) ?? "unknown error"
    LuaHostConfiguration.writeStandardError("onair: unprotected Lua error: \(message)\n")
    abort()
}
