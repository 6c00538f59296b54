internal import CLua

/// A long-lived state for interactive use (the REPL): one environment across many evaluations,
/// each evaluation a task of its own with the same sandbox and error rendering as `onair run`.
///
/// Limits apply per evaluation (CPU, wall clock) and per session (memory); cancelling the Swift
/// task that awaits `evaluate` cancels only that evaluation.
public final class LuaSession {
    let vm: LuaVM
    private let evaluatorRef: Int32
    private var evaluations = 0

    public init(configuration: LuaHostConfiguration, arguments: LuaValue = .nil, directory: String? = ".") throws(LuaError) {
        vm = try LuaVM(configuration: configuration)
        vm.scriptDirectory = directory
        vm.makeEnvironment(arguments: arguments)
        let source = String(decoding: PackageResources.repl_lua, as: UTF8.self)
        guard LuaChunkCache.shared.load(source, chunkname: "=[onair repl]", into: vm.L) == LUA_OK,
            clua_host_pcall(vm.L, 0, 1) == LUA_OK
        else {
            let message = LuaStack.string(vm.L, -1) ?? "?"
            vm.close()
            throw LuaError(.runtime, "cannot set up the REPL: \(message)")
        }
        evaluatorRef = LuaStack.ref(vm.L)
    }

    deinit { vm.close() }

    /// Whether `source` is a whole chunk or needs more lines (an open `function`, `do`, `{` or
    /// string); nil when it is complete, else the syntax error.
    public func needsMoreInput(_ source: String) -> Bool {
        for candidate in ["return " + source, LuaSession.persistingLocals(source)] {
            let status = candidate.withCString { clua_loadbuffer(vm.L, $0, strlen($0), "=check", "t") }
            let message = LuaStack.string(vm.L, -1) ?? ""
            lua_settop(vm.L, -2)
            if status == LUA_OK { return false }
            if candidate.hasPrefix("return "), !message.hasSuffix("<eof>") { continue }
            return message.hasSuffix("<eof>")
        }
        return false
    }

    /// Runs one input: an expression's values are rendered (tables readably, `width` columns,
    /// ANSI colour when `colour`), statements run for their effect.
    public func evaluate(_ source: String, width: Int = 80, colour: Bool = false) async -> LuaEvaluation {
        evaluations += 1
        let chunkname = "=repl#\(evaluations)"
        let L = vm.L
        var status = ("return " + source).withCString { clua_loadbuffer(L, $0, strlen($0), chunkname, "t") }
        if status != LUA_OK {
            lua_settop(L, -2)
            let statement = LuaSession.persistingLocals(source)
            status = statement.withCString { clua_loadbuffer(L, $0, strlen($0), chunkname, "t") }
        }
        guard status == LUA_OK else {
            let message = LuaStack.string(L, -1) ?? "syntax error"
            lua_settop(L, -2)
            return LuaEvaluation(output: nil, error: LuaError(.syntax, message, incompleteInput: message.hasSuffix("<eof>")))
        }
        LuaStack.pushRegistryValue(L, vm.environmentRef)
        _ = lua_setupvalue(L, -2, 1)
        LuaStack.pushRegistryValue(L, evaluatorRef)
        lua_rotate(L, -2, 1)
        lua_pushinteger(L, lua_Integer(width))
        lua_pushboolean(L, colour ? 1 : 0)
        vm.prepareForEvaluation()
        let task = vm.makeTask(from: L, arguments: 3, parent: nil)
        let (values, error) = await vm.runUntilDone(task)
        vm.reportUnobservedErrors()
        vm.remove(task)
        if var error {
            error.traceback = error.traceback.map(LuaSession.withoutEvaluatorFrames)
            return LuaEvaluation(output: nil, error: error)
        }
        return LuaEvaluation(output: values.first?.stringValue, error: nil)
    }

    /// Completions of the name being typed (`live_in` → `live_input.`, `json.en` → `json.encode`):
    /// globals, binding names and fields of tables in scope, read without running any Lua code.
    public func completions(for text: String) -> [String] {
        vm.completions(for: text)
    }

    /// The traceback as the user's line sees it: the REPL's own evaluator frame removed.
    static func withoutEvaluatorFrames(_ traceback: String) -> String {
        traceback.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("[onair repl]") }
            .map { String($0).replacingOccurrences(of: "in local 'chunk'", with: "in main chunk") }
            .joined(separator: "\n")
    }

    /// `local x = 1` at the top of an input becomes `x = 1`, and `local function f` becomes
    /// `function f`, so what a line defines is there for the next line.
    static func persistingLocals(_ source: String) -> String {
        let trimmed = source.drop { $0 == " " || $0 == "\t" }
        guard trimmed.hasPrefix("local ") || trimmed.hasPrefix("local\t") else { return source }
        var rest = trimmed.dropFirst(5).drop { $0 == " " || $0 == "\t" }
        if rest.hasPrefix("function") { return String(rest) }
        // `local x <close>` must stay local: closing at the end of the line is what it asks for.
        if rest.contains("<close>") { return source }
        rest = Substring(String(rest).replacingOccurrences(of: "<const>", with: ""))
        guard rest.contains("=") else { return String(rest) + " = nil" }
        return String(rest)
    }
}

/// The outcome of one REPL evaluation.
public struct LuaEvaluation: Sendable {
    /// What the input's values render to; nil for statements and for no values.
    public var output: String?
    public var error: LuaError?

    /// The exit code this outcome would give a script (0 when it succeeded).
    public var exitCode: Int32 { error?.exitCode ?? 0 }
}

extension LuaVM {
    /// Forgets the previous evaluation: its limits, cancellation and finished tasks.
    func prepareForEvaluation() {
        cancelled = false
        cpuUsed = .zero
        wallDeadline = nil
        clua_reset_stops(sandbox)
        for task in tasks.values where task.isDone { remove(task) }
        readyQueue.removeAll()
        pendingWork.removeAll()
    }

    func completions(for text: String) -> [String] {
        var components = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let partial = components.removeLast()
        let prefix = components.isEmpty ? "" : components.joined(separator: ".") + "."
        guard partial.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return [] }
        LuaStack.pushRegistryValue(L, environmentRef)
        defer { lua_settop(L, -2) }
        for component in components {
            guard lua_type(L, -1) == LUA_TTABLE, !component.isEmpty else { return [] }
            LuaStack.getField(L, -1, component)
            clua_replace(L, -2)
        }
        guard lua_type(L, -1) == LUA_TTABLE else { return [] }
        var candidates: [String] = []
        let table = lua_gettop(L)
        lua_pushnil(L)
        while lua_next(L, table) != 0 {
            if lua_type(L, -2) == LUA_TSTRING, let key = LuaStack.string(L, -2), key.hasPrefix(partial),
                key.first.map({ $0.isLetter || $0 == "_" }) == true, !key.hasPrefix("__")
            {
                candidates.append(prefix + key + (lua_type(L, -1) == LUA_TTABLE ? "." : ""))
            }
            lua_settop(L, -2)
        }
        return candidates.sorted()
    }
}
