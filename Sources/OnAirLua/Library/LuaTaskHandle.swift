internal import CLua
import Synchronization

/// The Swift object behind a task value in Lua (`onair.spawn`'s result). Lua owns it through a
/// userdata; when the userdata is collected the scheduler may forget the finished task.
final class LuaTaskHandle {
    let id: Int
    unowned(unsafe) let vm: LuaVM

    init(id: Int, vm: LuaVM) {
        self.id = id
        self.vm = vm
        for counter in vm.diagnostics { counter.objectCreated() }
    }

    deinit {
        // Runs inside the Lua garbage collector: no Lua API here, only a note for the scheduler.
        vm.releasedHandles.withLock { $0.append(id) }
        for counter in vm.diagnostics { counter.objectDestroyed() }
    }
}

extension LuaVM {
    /// onair.spawn(fn, ...): a child task of the running one. [fn, args...] -> [task]
    func spawn(_ call: LuaCall) throws -> LuaReturn {
        guard let parent = currentTask else {
            throw LuaError(.usage, "onair.spawn: no script task is running here", binding: "onair.spawn")
        }
        let record = makeTask(from: call.L, arguments: Int32(call.count - 1), parent: parent)
        pushHandle(for: record, on: call.L)
        return .one
    }

    func pushHandle(for record: LuaTaskRecord, on thread: OpaquePointer) {
        let handle = LuaTaskHandle(id: record.id, vm: self)
        LuaStack.pushRegistryValue(thread, taskMetatableRef)
        clua_push_object(thread, Unmanaged.passRetained(handle as AnyObject).toOpaque(), -1)
        lua_rotate(thread, -2, 1)
        lua_settop(thread, -2)
    }

    /// The task a method was called on (argument 1).
    func taskArgument(_ call: LuaCall) throws -> LuaTaskRecord {
        LuaStack.pushRegistryValue(call.L, taskMetatableRef)
        let object = clua_to_object(call.L, 1, -1)
        lua_settop(call.L, -2)
        guard let object, let handle = Unmanaged<AnyObject>.fromOpaque(object).takeUnretainedValue() as? LuaTaskHandle
        else {
            throw call.error(1, "expected a task (call it as task:\(call.name.split(separator: ".").last ?? "")()), got \(call.describeArgument(1))")
        }
        guard let record = tasks[handle.id] else {
            throw LuaError(.usage, "\(call.name): the task is gone", binding: call.name)
        }
        return record
    }

    /// The methods of task values, installed as the task metatable.
    func installTaskMetatable() {
        let methods: [LuaFunction] = [
            LuaFunction("wait") { call in
                let vm = call.vm
                let target = try vm.taskArgument(call)
                if target === vm.currentTask {
                    throw LuaError(.usage, "task:wait: a task cannot wait for itself", binding: "task:wait")
                }
                target.observed = true
                vm.unobservedErrors[target.id] = nil
                if case .done(let succeeded) = target.state {
                    lua_settop(call.L, 0)
                    let count = succeeded ? lua_gettop(target.thread) : 1
                    guard lua_checkstack(call.L, count + 1) != 0, lua_checkstack(target.thread, 1) != 0 else {
                        throw LuaError(.runtime, "too many results")
                    }
                    let first = succeeded ? 1 : lua_gettop(target.thread)
                    if count > 0 {
                        for index in first...lua_gettop(target.thread) {
                            lua_pushvalue(target.thread, index)
                            lua_xmove(target.thread, call.L, 1)
                        }
                    }
                    if !succeeded { return .raiseTop }
                    return .pushed(count)
                }
                try vm.checkCanPark(call.L, binding: "task:wait")
                vm.waitFor(target)
                return .parked
            },
            LuaFunction("cancel") { call in
                let target = try call.vm.taskArgument(call)
                let reason = try call.optionalString(2) ?? "cancelled"
                call.vm.cancel(target, reason: LuaError(.cancelled, reason))
                return .none
            },
            LuaFunction("status") { call in
                let target = try call.vm.taskArgument(call)
                return .value(.text(target.statusName))
            },
        ]
        pushHostMetatable(name: "onair.task", releasesObject: true)
        let metatable = lua_gettop(L)
        lua_createtable(L, 0, Int32(methods.count))
        for method in methods {
            let box = LuaBindingBox(vm: self, name: "task." + method.name, function: method)
            retain(box)
            box.push(on: L)
            LuaStack.setField(L, -2, method.name)
        }
        LuaStack.setField(L, metatable, "__index")
        LuaStack.getField(L, metatable, "__index")
        LuaStack.getField(L, -1, "cancel")
        LuaStack.setField(L, metatable, "__close")
        lua_settop(L, -2)
        taskMetatableRef = LuaStack.ref(L)
    }
}

extension LuaTaskRecord {
    var statusName: String {
        switch state {
        case .ready: started ? "ready" : "pending"
        case .running: "running"
        case .parked, .waiting: "waiting"
        case .done(true): "done"
        case .done(false): cancelReason != nil ? "cancelled" : "failed"
        }
    }
}
