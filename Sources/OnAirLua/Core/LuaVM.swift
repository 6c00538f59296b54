internal import CLua
import Synchronization

/// One sandboxed Lua state and everything that lives as long as it does: the sandbox record the
/// C side reads, the binding boxes, the metatables the host owns and the script's environment.
///
/// A `LuaVM` is confined to the Swift task that created it: it is not `Sendable`, and only plain
/// `LuaValue`s leave it. Every Lua API call made from here is non-raising (see `LuaStack`);
/// guest code runs only inside `clua_host_resume` and `clua_host_reset`.
final class LuaVM {
    let L: OpaquePointer
    let sandbox: UnsafeMutablePointer<clua_sandbox>
    let configuration: LuaHostConfiguration
    var limits: LuaLimits { configuration.limits }
    /// The light userdata that stands for JSON null; its address is unique to this state.
    let nullTag: UnsafeMutableRawPointer

    private(set) var boxes: [LuaBindingBox] = []
    var arrayMarkerRef: Int32 = 0
    var objectMarkerRef: Int32 = 0
    var taskMetatableRef: Int32 = 0
    var objectMetatableRef: Int32 = 0
    /// modules[name] = table of the module's functions, the prototypes copied into each script.
    var modulesRef: Int32 = 0
    /// The script's environment (its `_ENV` and `_G`).
    var environmentRef: Int32 = 0
    /// Chunk-name prefix and folder that `require` resolves files against.
    var scriptDirectory: String?
    var scriptDisplayDirectory: String = ""

    /// The scheduler's state (see LuaVM+Tasks.swift).
    var tasks: [Int: LuaTaskRecord] = [:]
    var readyQueue: [Int] = []
    var nextTaskID = 1
    var currentTask: LuaTaskRecord?
    var pendingWork: [LuaPendingWork] = []
    let releasedHandles = Mutex<[Int]>([])
    var cpuUsed: Duration = .zero
    var cancelled = false
    var unobservedErrors: [Int: LuaError] = [:]
    /// Monotonic nanoseconds at which the wall-clock limit ends, once a run started.
    var wallDeadline: Int64?
    lazy var cpuLimitError = LuaError.limitExceeded(.cpu, limits)
    lazy var wallLimitError = LuaError.limitExceeded(.wallClock, limits)
    /// Tasks that finished or lost their handle since the last sweep.
    var releasable: [Int] = []

    /// The counters this state reports to: the global one and the configuration's own.
    let diagnostics: [LuaDiagnostics]

    init(configuration: LuaHostConfiguration) throws(LuaError) {
        self.configuration = configuration
        diagnostics = configuration.diagnostics.map { [LuaDiagnostics.global, $0] } ?? [LuaDiagnostics.global]
        sandbox = .allocate(capacity: 1)
        sandbox.initialize(to: clua_sandbox())
        sandbox.pointee.host_depth = 1
        nullTag = .allocate(byteCount: 1, alignment: 1)
        guard let state = clua_newstate(sandbox) else {
            sandbox.deallocate()
            nullTag.deallocate()
            throw LuaError(.runtime, "cannot create a Lua state (out of memory)")
        }
        L = state
        for counter in diagnostics { counter.stateOpened() }
        lua_atpanic(L, luaPanic)
        sandbox.pointee.host = Unmanaged.passUnretained(self).toOpaque()
        sandbox.pointee.dispatch = luaDispatch
        sandbox.pointee.write = luaWrite
        sandbox.pointee.module_source = luaModuleSource
        sandbox.pointee.release = luaRelease
        guard clua_open_sandbox_libraries(L) == LUA_OK else {
            let message = LuaStack.string(L, -1) ?? "unknown error"
            throw LuaError(.runtime, "cannot open the sandbox libraries: \(message)")
        }
        installHostMetatables()
        installStopErrors()
        installTaskMetatable()
        installObjectMetatable()
        for module in LuaStandardLibrary.modules + configuration.modules {
            try install(module)
        }
        sandbox.pointee.limit = limits.memoryBytes > 0 ? max(limits.memoryBytes, 1) : 0
    }

    deinit {
        close()
        for counter in diagnostics { counter.stateClosed() }
    }

    private var closed = false
    /// A limit hit while the state was closing (a finalizer that spins or allocates too much).
    private(set) var closeStopKind: Int32 = 0

    /// Closes the state (running pending finalizers, limited like any guest code) and frees it.
    func close() {
        guard !closed else { return }
        closed = true
        for record in tasks.values { record.work?.cancel() }
        withSlice(thread: L) { clua_host_close(L) }
        closeStopKind = clua_stop_kind(sandbox)
        boxes.removeAll()
        sandbox.deallocate()
        nullTag.deallocate()
    }

    /// Keeps a binding box alive for the life of the state.
    func retain(_ box: LuaBindingBox) { boxes.append(box) }

    func conversion(_ thread: OpaquePointer) -> LuaConversion {
        LuaConversion(
            L: thread, limits: limits.conversion, arrayMarker: arrayMarkerRef, objectMarker: objectMarkerRef,
            nullTag: nullTag)
    }

    /// The bytes of Lua heap in use.
    var memoryInUse: Int { closed ? 0 : sandbox.pointee.used }
    var peakMemory: Int { closed ? 0 : sandbox.pointee.peak }

    /// The limit hit so far, if any.
    var stopKind: Int32 { closed ? closeStopKind : clua_stop_kind(sandbox) }

    // MARK: Setup

    /// Pushes a new metatable for host values: named, locked against `getmetatable` and
    /// `setmetatable`, and, for userdata holding a Swift object, releasing it when collected.
    /// [] -> [metatable]
    func pushHostMetatable(name: String, releasesObject: Bool) {
        lua_createtable(L, 0, 6)
        LuaStack.push(L, name)
        LuaStack.setField(L, -2, "__name")
        LuaStack.push(L, "locked")
        LuaStack.setField(L, -2, "__metatable")
        if releasesObject {
            lua_pushcclosure(L, clua_object_gc_function(), 0)
            LuaStack.setField(L, -2, "__gc")
        }
    }

    private func installHostMetatables() {
        // The error metatable: tostring(err) reads "file:line: message".
        pushHostMetatable(name: "onair.error", releasesObject: false)
        lua_pushcclosure(L, clua_error_tostring_function(), 0)
        LuaStack.setField(L, -2, "__tostring")
        sandbox.pointee.error_metatable_ref = LuaStack.ref(L)

        // Markers for empty tables meant as JSON array or object.
        for (name, keyPath) in [("json.array", \LuaVM.arrayMarkerRef), ("json.object", \LuaVM.objectMarkerRef)] {
            lua_createtable(L, 0, 1)
            LuaStack.push(L, name)
            LuaStack.setField(L, -2, "__name")
            self[keyPath: keyPath] = LuaStack.ref(L)
        }

        // The string metatable cannot be read or replaced by scripts.
        LuaStack.push(L, "")
        if lua_getmetatable(L, -1) != 0 {
            LuaStack.push(L, "locked")
            LuaStack.setField(L, -2, "__metatable")
            lua_settop(L, -2)
        }
        lua_settop(L, -2)

        lua_createtable(L, 0, 0)
        modulesRef = LuaStack.ref(L)
    }

    private func installStopErrors() {
        let errors: [(Int32, LuaError)] = [
            (Int32(CLUA_STOP_CPU), .limitExceeded(.cpu, limits)),
            (Int32(CLUA_STOP_MEMORY), .limitExceeded(.memory, limits)),
            (Int32(CLUA_STOP_TIMEOUT), .limitExceeded(.wallClock, limits)),
            (Int32(CLUA_STOP_CANCEL), LuaError(.cancelled, "interrupted")),
        ]
        for (kind, error) in errors {
            pushError(error, on: L)
            let ref = LuaStack.ref(L)
            withUnsafeMutableBytes(of: &sandbox.pointee.stop_error_refs) { raw in
                raw.bindMemory(to: Int32.self)[Int(kind)] = ref
            }
        }
    }

    /// Adds a module's functions and values to its prototype table.
    func install(_ module: LuaModule) throws(LuaError) {
        LuaStack.pushRegistryValue(L, modulesRef)
        let modules = lua_gettop(L)
        let path = module.name.split(separator: ".").map(String.init)
        if path.isEmpty {
            // A module without a name adds global functions: they go into the prototypes table itself.
            lua_pushvalue(L, modules)
        } else {
            // Find or create the (possibly nested) table.
            LuaStack.getField(L, modules, path[0])
            if lua_type(L, -1) != LUA_TTABLE {
                lua_settop(L, -2)
                lua_createtable(L, 0, Int32(module.functions.count))
                lua_pushvalue(L, -1)
                LuaStack.setField(L, modules, path[0])
            }
            for component in path.dropFirst() {
                LuaStack.getField(L, -1, component)
                if lua_type(L, -1) != LUA_TTABLE {
                    lua_settop(L, -2)
                    lua_createtable(L, 0, 4)
                    lua_pushvalue(L, -1)
                    LuaStack.setField(L, -3, component)
                }
                lua_rotate(L, -2, 1)
                lua_settop(L, -2)
            }
        }
        let table = lua_gettop(L)
        for function in module.functions {
            let qualified = module.name.isEmpty ? function.name : module.name + "." + function.name
            let box = LuaBindingBox(vm: self, name: qualified, function: function)
            boxes.append(box)
            box.push(on: L)
            LuaStack.setField(L, table, function.name)
        }
        for (key, value) in module.values {
            conversion(L).push(value)
            LuaStack.setField(L, table, key)
        }
        if let source = module.luaSource {
            let chunkname = "=[onair " + module.name + "]"
            let status = LuaChunkCache.shared.load(source, chunkname: chunkname, into: L)
            guard status == LUA_OK else {
                let message = LuaStack.string(L, -1) ?? "?"
                lua_settop(L, modules - 1)
                throw LuaError(.syntax, "module \(module.name): \(message)")
            }
            pushPrivateEnvironment()
            _ = lua_setupvalue(L, -2, 1)
            lua_pushvalue(L, table)
            LuaStack.pushRegistryValue(L, modulesRef)
            if clua_host_pcall(L, 2, 0) != LUA_OK {
                let message = LuaStack.string(L, -1) ?? "?"
                lua_settop(L, modules - 1)
                throw LuaError(.runtime, "module \(module.name): \(message)")
            }
        }
        lua_settop(L, modules - 1)
    }

    /// An environment for the host's own Lua code: the real libraries, never a script's copies.
    private func pushPrivateEnvironment() {
        lua_createtable(L, 0, 0)
        lua_createtable(L, 0, 1)
        clua_pushglobaltable(L)
        LuaStack.setField(L, -2, "__index")
        lua_setmetatable(L, -2)
    }

    // MARK: The script environment

    /// Builds the script's environment: copies of the allowed libraries and of every module, so
    /// nothing a script changes reaches the shared originals. [] -> []
    func makeEnvironment(arguments: LuaValue) {
        lua_createtable(L, 0, 64)
        let env = lua_gettop(L)
        copyTable(from: { clua_pushglobaltable(L) }, into: env, copyingNestedTables: true)
        copyTable(from: { LuaStack.pushRegistryValue(L, modulesRef) }, into: env, copyingNestedTables: true)
        lua_pushvalue(L, env)
        LuaStack.setField(L, env, "_G")
        lua_createtable(L, 0, 4)
        let loaded = lua_gettop(L)
        clua_push_require(L, loaded, env)
        LuaStack.setField(L, env, "require")
        lua_settop(L, loaded - 1)
        if !conversion(L).push(arguments) { lua_pushnil(L) }
        if lua_type(L, -1) == LUA_TNIL {
            lua_settop(L, -2)
            lua_createtable(L, 0, 0)
        }
        LuaStack.setField(L, env, "args")
        environmentRef = LuaStack.ref(L)
    }

    /// Copies every entry of the table `push` pushes into the table at `target`; nested tables
    /// (the libraries) are copied one level deep.
    private func copyTable(from push: () -> Void, into target: Int32, copyingNestedTables: Bool) {
        push()
        let source = lua_gettop(L)
        lua_pushnil(L)
        while lua_next(L, source) != 0 {
            if copyingNestedTables, lua_type(L, -1) == LUA_TTABLE, lua_type(L, -2) == LUA_TSTRING,
                LuaStack.string(L, -2) != "_G"
            {
                let value = lua_gettop(L)
                lua_createtable(L, 0, 16)
                let copy = lua_gettop(L)
                lua_pushnil(L)
                while lua_next(L, value) != 0 {
                    lua_pushvalue(L, -2)
                    lua_rotate(L, -2, 1)
                    lua_rawset(L, copy)
                }
                clua_replace(L, value)
            } else if lua_type(L, -2) == LUA_TSTRING, LuaStack.string(L, -2) == "_G" {
                lua_settop(L, -2)
                continue
            }
            lua_pushvalue(L, -2)
            lua_rotate(L, -2, 1)
            lua_rawset(L, target)
        }
        lua_settop(L, source - 1)
    }

    // MARK: Loading

    /// Loads a chunk as text into the script environment. [] -> [function]
    func load(_ script: LuaScript) throws(LuaError) {
        var bytes = script.source
        if bytes.first == 0x1B {
            throw LuaError(
                .usage,
                "\(script.name): is a precompiled (binary) Lua chunk; only Lua source text can be run")
        }
        if bytes.first == UInt8(ascii: "#") {
            // A shebang line: blank it out, keeping the line count.
            let end = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            bytes.replaceSubrange(bytes.startIndex..<end, with: [])
        }
        if bytes.isEmpty { bytes = [UInt8(ascii: "\n")] }
        let chunkname = "@" + script.name
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                chunkname.withCString { clua_loadbuffer(L, chars.baseAddress, chars.count, $0, "t") }
            }
        }
        guard status == LUA_OK else {
            let message = LuaStack.string(L, -1) ?? "syntax error"
            lua_settop(L, -2)
            throw LuaError(
                status == LUA_ERRSYNTAX ? .syntax : .runtime, message,
                incompleteInput: message.hasSuffix("<eof>"))
        }
        LuaStack.pushRegistryValue(L, environmentRef)
        _ = lua_setupvalue(L, -2, 1)
        if let driver = script.driver {
            let status = driver.withCString { text in
                "=[onair]".withCString { clua_loadbuffer(L, text, strlen(text), $0, "t") }
            }
            guard status == LUA_OK else {
                let message = LuaStack.string(L, -1) ?? "syntax error"
                lua_settop(L, -3)
                throw LuaError(.runtime, "the engine's driver does not compile: \(message)")
            }
            LuaStack.pushRegistryValue(L, environmentRef)
            _ = lua_setupvalue(L, -2, 1)
            clua_insert(L, -2)
        }
    }

    // MARK: Errors

    /// Pushes a Lua error table for a Swift error. [] -> [error]
    func pushError(_ error: LuaError, on thread: OpaquePointer) {
        lua_createtable(thread, 0, 8)
        let table = lua_gettop(thread)
        let convert = conversion(thread)
        func set(_ key: String, _ value: LuaValue) {
            convert.push(value)
            LuaStack.setField(thread, table, key)
        }
        for (key, value) in error.fields { set(key, value) }
        set("kind", .text(error.kind.rawValue))
        set("message", .text(error.message))
        if let binding = error.binding { set("binding", .text(binding)) }
        if let argument = error.argument { set("arg", .integer(Int64(argument))) }
        if let limit = error.limit { set("limit", .text(limit.rawValue)) }
        if let location = error.location { set("where", .text(location)) }
        if let traceback = error.traceback { set("traceback", .text(traceback)) }
        LuaStack.pushRegistryValue(thread, sandbox.pointee.error_metatable_ref)
        lua_setmetatable(thread, table)
    }

    /// Reads an error value (a host error table, a string, anything) into a `LuaError`.
    func readError(at index: Int32, on thread: OpaquePointer) -> LuaError {
        let index = lua_absindex(thread, index)
        switch lua_type(thread, index) {
        case LUA_TSTRING:
            return LuaError(.runtime, LuaStack.string(thread, index) ?? "")
        case LUA_TTABLE:
            var isHostError = false
            if lua_getmetatable(thread, index) != 0 {
                LuaStack.pushRegistryValue(thread, sandbox.pointee.error_metatable_ref)
                isHostError = lua_rawequal(thread, -1, -2) != 0
                lua_settop(thread, -3)
            }
            guard isHostError, case .table(let table)? = try? conversion(thread).read(index) else {
                return LuaError(.runtime, "(error object is a table value)")
            }
            var fields = table.record
            let kind = fields.removeValue(forKey: "kind")?.stringValue ?? "runtime"
            let message = fields.removeValue(forKey: "message")?.stringValue ?? ""
            var error = LuaError(LuaError.Kind(rawValue: kind), message)
            error.location = fields.removeValue(forKey: "where")?.stringValue
            error.traceback = fields.removeValue(forKey: "traceback")?.stringValue
            error.binding = fields.removeValue(forKey: "binding")?.stringValue
            error.argument = fields.removeValue(forKey: "arg")?.integerValue.map { Int($0) }
            error.limit = fields.removeValue(forKey: "limit")?.stringValue.flatMap(LuaError.Limit.init(rawValue:))
            error.fields = fields
            return error
        case LUA_TNIL:
            return LuaError(.runtime, "nil")
        case LUA_TNUMBER, LUA_TBOOLEAN:
            return LuaError(.runtime, ((try? conversion(thread).read(index)) ?? .nil).description)
        default:
            return LuaError(.runtime, "(error object is a \(LuaStack.typeName(thread, index)) value)")
        }
    }
}

/// Counts of live host objects, for leak tests: Lua states, Swift objects held by Lua userdata
/// (task handles), and binding boxes. The process-wide counts are `LuaDiagnostics.global`; a host
/// configured with its own counter also reports there, so tests running side by side don't mix.
public final class LuaDiagnostics: Sendable {
    public static let global = LuaDiagnostics()

    private let states = Atomic<Int>(0)
    private let objects = Atomic<Int>(0)
    private let bindings = Atomic<Int>(0)

    public init() {}

    /// Lua states currently open.
    public var openStates: Int { states.load(ordering: .relaxed) }
    /// Swift objects currently held by Lua userdata.
    public var heldObjects: Int { objects.load(ordering: .relaxed) }
    /// Binding boxes currently alive.
    public var liveBindings: Int { bindings.load(ordering: .relaxed) }

    func stateOpened() { states.add(1, ordering: .relaxed) }
    func stateClosed() { states.subtract(1, ordering: .relaxed) }
    func objectCreated() { objects.add(1, ordering: .relaxed) }
    func objectDestroyed() { objects.subtract(1, ordering: .relaxed) }
    func bindingCreated() { bindings.add(1, ordering: .relaxed) }
    func bindingDestroyed() { bindings.subtract(1, ordering: .relaxed) }
}

