internal import CLua

/// Runs scripts: each run gets a fresh sandboxed Lua state, its own environment and limits, and a
/// scheduler that parks the script while asynchronous Swift work runs.
///
/// Cancelling the Swift task that awaits `run` cancels the script (Ctrl-C): running Lua code
/// raises a `cancelled` error at its next instruction, parked calls are cancelled, `<close>`
/// handlers run, and the result reports `.cancelled`.
public struct LuaHost: Sendable {
    public var configuration: LuaHostConfiguration

    public init(configuration: LuaHostConfiguration = LuaHostConfiguration()) {
        self.configuration = configuration
    }

    public func run(_ script: LuaScript, arguments: LuaValue = .nil) async -> LuaRunResult {
        let vm: LuaVM
        do {
            vm = try LuaVM(configuration: configuration)
        } catch {
            return LuaRunResult(values: [], error: error, cpuTime: .zero, peakMemory: 0)
        }
        vm.scriptDirectory = script.directory
        vm.scriptDisplayDirectory = LuaHost.displayDirectory(of: script.name)
        vm.makeEnvironment(arguments: arguments)
        do {
            try vm.load(script)
        } catch {
            let peak = vm.peakMemory
            vm.close()
            return LuaRunResult(values: [], error: error, cpuTime: .zero, peakMemory: peak)
        }
        let main = vm.makeTask(from: vm.L, arguments: script.driver == nil ? 0 : 1, parent: nil)
        var (values, error) = await vm.runUntilDone(main)
        vm.reportUnobservedErrors()
        if error == nil, vm.stopKind != Int32(CLUA_STOP_NONE) { error = vm.stopError() }
        let peak = vm.peakMemory
        vm.close()
        if error == nil, vm.closeStopKind != Int32(CLUA_STOP_NONE) { error = vm.stopError(kind: vm.closeStopKind) }
        if script.driver != nil, let traceback = error?.traceback { error?.traceback = LuaHost.hidingDriver(traceback) }
        return LuaRunResult(values: values, error: error, cpuTime: vm.cpuUsed, peakMemory: peak)
    }

    /// A traceback as the script's author expects it: the driver's frames (`[onair]`) are left
    /// out, and the script's chunk, which the driver calls as `chunk`, reads as the main chunk.
    static func hidingDriver(_ traceback: String) -> String {
        traceback.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.drop { $0 == "\t" || $0 == " " }.hasPrefix("[onair]:") }
            .map { line in
                let called = ": in local 'chunk'"
                return line.hasSuffix(called) ? line.dropLast(called.count) + ": in main chunk" : String(line)
            }
            .joined(separator: "\n")
    }

    /// Compiles `script` without running it: nil when it is valid Lua source text, else the
    /// syntax error (`file:line: message`).
    public func compile(_ script: LuaScript) -> LuaError? {
        do {
            let vm = try LuaVM(configuration: configuration)
            defer { vm.close() }
            vm.makeEnvironment(arguments: .nil)
            try vm.load(script)
            return nil
        } catch {
            return error
        }
    }

    /// "show.lua:12:" from the first frame of a traceback that is Lua code, for errors raised by the
    /// host where no location was recorded (limits).
    static func firstScriptFrame(in traceback: String?) -> String? {
        guard let traceback else { return nil }
        for line in traceback.split(separator: "\n").dropFirst() {
            let frame = line.drop { $0 == "\t" || $0 == " " }
            if frame.hasPrefix("[C]") || frame.hasPrefix("(") { continue }
            let parts = frame.split(separator: ":", maxSplits: 2)
            if parts.count >= 2, Int(parts[1]) != nil { return "\(parts[0]):\(parts[1]):" }
        }
        return nil
    }

    /// "examples/" for "examples/show.lua": how module paths are shown next to the script's.
    static func displayDirectory(of name: String) -> String {
        guard let slash = name.lastIndex(of: "/") else { return "" }
        return String(name[...slash])
    }
}

/// What a run produced.
public struct LuaRunResult: Sendable {
    /// The values the script's main chunk returned.
    public var values: [LuaValue]
    /// Why the run failed, if it did.
    public var error: LuaError?
    /// Time spent executing Lua code (what the CPU limit counts).
    public var cpuTime: Duration
    /// Most bytes of Lua heap in use at once.
    public var peakMemory: Int

    public init(values: [LuaValue], error: LuaError?, cpuTime: Duration, peakMemory: Int) {
        self.values = values
        self.error = error
        self.cpuTime = cpuTime
        self.peakMemory = peakMemory
    }

    /// The process exit code `architecture.md` gives this outcome: 0 success, 1 script error,
    /// 2 usage error, 3 limit, 130 interrupted.
    public var exitCode: Int32 { error?.exitCode ?? 0 }
}

extension LuaError {
    /// The process exit code of a script that ended with this error: 1 script error, 3 limit,
    /// 130 interrupted.
    public var exitCode: Int32 {
        switch kind {
        case .limit: 3
        case .cancelled where message == "interrupted": 130
        default: 1
        }
    }
}

extension LuaVM {
    /// Drives the tasks until every one has finished; returns the main task's outcome.
    func runUntilDone(_ main: LuaTaskRecord) async -> ([LuaValue], LuaError?) {
        let (completions, continuation) = AsyncStream.makeStream(of: LuaCompletion.self)
        var timer: Task<Void, Never>?
        if let wallClock = limits.wallClock {
            wallDeadline = LuaWatchdog.monotonic() + LuaWatchdog.nanoseconds(wallClock)
            let clock = configuration.clock
            timer = Task {
                do {
                    try await clock.sleep(for: wallClock)
                    continuation.yield(.wallClock)
                } catch {}
            }
        }
        let sandboxHandle = SandboxHandle(pointer: sandbox)
        await withTaskCancellationHandler {
            var iterator = completions.makeAsyncIterator()
            while true {
                runReadyTasks()
                if timer == nil, !Task.isCancelled, let sole = soleWaitingWork {
                    pendingWork.removeAll()
                    handle(await LuaVM.perform(sole))
                    continue
                }
                startPendingWork(continuation)
                collectFinishedTasks(keeping: main.id)
                if allTasksDone { break }
                if !readyQueue.isEmpty { continue }
                if Task.isCancelled && !cancelled {
                    interrupt()
                    continue
                }
                if !hasOutstandingWork && timer == nil {
                    failDeadlockedTasks()
                    continue
                }
                guard let completion = await iterator.next() else {
                    if !cancelled { interrupt() } else if !hasOutstandingWork { failDeadlockedTasks() }
                    continue
                }
                handle(completion)
            }
        } onCancel: {
            sandboxHandle.requestCancel()
        }
        timer?.cancel()
        continuation.finish()
        // The run was interrupted even if the script finished on the cancelled call's own error
        // before the loop noticed.
        if Task.isCancelled { cancelled = true }
        return mainOutcome(main)
    }

    /// Ctrl-C: every task stops waiting and unwinds with an "interrupted" error.
    private func interrupt() {
        cancelled = true
        clua_request_cancel(sandbox)
        stopAll(kind: Int32(CLUA_STOP_CANCEL))
        clua_clear_cancel(sandbox)
    }

    private func mainOutcome(_ main: LuaTaskRecord) -> ([LuaValue], LuaError?) {
        guard case .done(let succeeded) = main.state else { return ([], LuaError(.runtime, "script did not finish")) }
        let thread = main.thread
        if succeeded {
            var values: [LuaValue] = []
            let count = lua_gettop(thread)
            if count > 0 {
                for index in 1...count {
                    values.append((try? conversion(thread).read(index)) ?? .text(LuaStack.typeName(thread, index)))
                }
            }
            return (values, nil)
        }
        var error = readError(at: -1, on: thread)
        if error.traceback == nil { error.traceback = main.traceback }
        if stopKind != Int32(CLUA_STOP_NONE) {
            var stop = stopError()
            stop.traceback = error.traceback
            stop.location = LuaHost.firstScriptFrame(in: error.traceback)
            return ([], stop)
        }
        if cancelled, error.kind != .limit {
            var interrupted = interruptedError
            interrupted.traceback = error.traceback
            interrupted.location = error.location
            return ([], interrupted)
        }
        if error.message == "not enough memory", sandbox.pointee.refusals > 0 {
            var stop = LuaError.limitExceeded(.memory, limits)
            stop.traceback = error.traceback
            stop.location = LuaHost.firstScriptFrame(in: error.traceback)
            return ([], stop)
        }
        return ([], error)
    }

    func reportUnobservedErrors() {
        for (_, error) in unobservedErrors.sorted(by: { $0.key < $1.key }) {
            configuration.log(
                LuaLogRecord(level: .warn, message: "a spawned task failed and nobody waited for it: \(error)"))
        }
        unobservedErrors.removeAll()
    }
}
