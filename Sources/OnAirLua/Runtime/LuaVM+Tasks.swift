internal import CLua
import Synchronization

/// A coroutine the host schedules: the script's main chunk, or a child made by `onair.spawn`.
final class LuaTaskRecord {
    enum State {
        /// Ready to resume with this many values already on its stack.
        case ready(Int32)
        case running
        /// Waiting for Swift work (a binding that returned `.wait`).
        case parked
        /// Waiting for another task to finish (`task:wait()`).
        case waiting(on: Int)
        case done(succeeded: Bool)
    }

    let id: Int
    let thread: OpaquePointer
    let threadRef: Int32
    let parentID: Int?
    var children: [Int] = []
    var waiters: [Int] = []
    var state: State
    var started = false
    /// Bumped at every park, so a completion that arrives after a cancellation is dropped.
    var generation: UInt64 = 0
    var work: Task<Void, Never>?
    /// Set once the task is cancelled: every later wait in it raises this again.
    var cancelReason: LuaError?
    /// Someone waited for the result, so a failure was reported.
    var observed = false
    /// The Lua handle (`onair.spawn`'s result) was collected: nobody can wait any more.
    var handleReleased = false
    /// The traceback of a failure, taken before the coroutine's stack was reset.
    var traceback: String?

    init(id: Int, thread: OpaquePointer, threadRef: Int32, parentID: Int?, arguments: Int32) {
        self.id = id
        self.thread = thread
        self.threadRef = threadRef
        self.parentID = parentID
        self.state = .ready(arguments)
    }

    var isDone: Bool { if case .done = state { return true } else { return false } }
}

/// Swift work a parked task waits for, started after the Lua slice that asked for it returns.
struct LuaPendingWork {
    let task: Int
    let generation: UInt64
    let binding: String
    let work: @Sendable () async throws -> [LuaValue]
}

/// What wakes the scheduler.
enum LuaCompletion: Sendable {
    case work(task: Int, generation: UInt64, result: Result<[LuaValue], LuaError>)
    case wallClock
}

extension LuaVM {
    // MARK: Creating tasks

    /// Makes a task of the function (and `arguments` values above it) on top of `from`'s stack.
    /// [function, args...] -> []
    @discardableResult
    func makeTask(from: OpaquePointer, arguments: Int32, parent: LuaTaskRecord?) -> LuaTaskRecord {
        let thread = lua_newthread(L)!
        let threadRef = LuaStack.ref(L)
        clua_set_thread_flags(thread, Int(CLUA_THREAD_TASK))
        lua_xmove(from, thread, arguments + 1)
        let record = LuaTaskRecord(
            id: nextTaskID, thread: thread, threadRef: threadRef, parentID: parent?.id, arguments: arguments)
        nextTaskID += 1
        tasks[record.id] = record
        parent?.children.append(record.id)
        readyQueue.append(record.id)
        return record
    }

    // MARK: Parking

    /// Throws when the running code may not start async work: Lua cannot suspend it there, or the
    /// task was cancelled, or a limit was hit.
    func checkCanPark(_ thread: OpaquePointer, binding: String) throws(LuaError) {
        if clua_can_park(thread) == 0 {
            clua_push_park_context(thread)
            let context = LuaStack.string(thread, -1) ?? "here"
            lua_settop(thread, -2)
            throw LuaError(
                .usage,
                "\(binding) cannot wait \(context); call it from the script body, a function it calls, or a coroutine",
                binding: binding)
        }
        guard let task = currentTask else {
            throw LuaError(.usage, "\(binding) cannot wait here: no script task is running", binding: binding)
        }
        if stopKind != Int32(CLUA_STOP_NONE) { throw stopError() }
        if let reason = task.cancelReason { throw reason }
        if cancelled { throw interruptedError }
    }

    func park(work: @escaping @Sendable () async throws -> [LuaValue], binding: String) {
        guard let task = currentTask else { return }
        task.generation &+= 1
        task.state = .parked
        pendingWork.append(LuaPendingWork(task: task.id, generation: task.generation, binding: binding, work: work))
    }

    /// Parks the running task until `target` finishes (`task:wait()`).
    func waitFor(_ target: LuaTaskRecord) {
        guard let task = currentTask else { return }
        target.observed = true
        target.waiters.append(task.id)
        task.state = .waiting(on: target.id)
    }

    var interruptedError: LuaError { LuaError(.cancelled, "interrupted") }

    func stopError(kind: Int32? = nil) -> LuaError {
        switch kind ?? stopKind {
        case Int32(CLUA_STOP_CPU): return .limitExceeded(.cpu, limits)
        case Int32(CLUA_STOP_MEMORY): return .limitExceeded(.memory, limits)
        case Int32(CLUA_STOP_TIMEOUT): return .limitExceeded(.wallClock, limits)
        default: return interruptedError
        }
    }

    // MARK: Running

    /// Resumes ready tasks until none is ready.
    func runReadyTasks() {
        while !readyQueue.isEmpty {
            let id = readyQueue.removeFirst()
            guard let task = tasks[id] else { continue }
            resume(task)
        }
    }

    private func resume(_ task: LuaTaskRecord) {
        guard case .ready(let arguments) = task.state else { return }
        task.state = .running
        task.started = true
        currentTask = task
        var results: Int32 = 0
        let status = withSlice(thread: task.thread) { clua_host_resume(task.thread, arguments, &results) }
        currentTask = nil
        if status == LUA_YIELD, clua_is_park(task.thread, results) != 0 {
            lua_settop(task.thread, -2)
            return
        }
        if status == LUA_OK {
            finish(task, succeeded: true)
            return
        }
        if status == LUA_YIELD {
            lua_settop(task.thread, 0)
            pushError(LuaError(.runtime, "attempt to yield from outside a coroutine"), on: task.thread)
        } else {
            attachTraceback(to: task)
            // Close the dead coroutine's pending to-be-closed variables; the error stays on top
            // (replaced by a closing method's own error if one fails).
            _ = withSlice(thread: task.thread) { clua_host_reset(task.thread) }
        }
        finish(task, succeeded: false)
    }

    /// Remembers the traceback of the dead coroutine before its stack is reset (a host error
    /// object carries its own). [error] -> [error]
    private func attachTraceback(to task: LuaTaskRecord) {
        if lua_type(task.thread, -1) == LUA_TTABLE, readError(at: -1, on: task.thread).traceback != nil { return }
        luaL_traceback(L, task.thread, nil, 0)
        task.traceback = LuaStack.string(L, -1)
        lua_settop(L, -2)
    }

    private func finish(_ task: LuaTaskRecord, succeeded: Bool) {
        task.state = .done(succeeded: succeeded)
        task.work = nil
        releasable.append(task.id)
        if !succeeded, task.waiters.isEmpty, task.parentID != nil {
            let error = readError(at: -1, on: task.thread)
            if error.kind != .cancelled { unobservedErrors[task.id] = error }
        }
        for waiterID in task.waiters {
            guard let waiter = tasks[waiterID] else { continue }
            deliverResult(of: task, to: waiter)
        }
        task.waiters.removeAll()
        for childID in task.children {
            guard let child = tasks[childID], !child.isDone else { continue }
            cancel(child, reason: LuaError(.cancelled, "cancelled: its parent task finished"))
        }
    }

    /// Pushes (true, results...) or (false, error) of a finished task onto a waiter and makes it
    /// ready.
    func deliverResult(of task: LuaTaskRecord, to waiter: LuaTaskRecord) {
        guard case .done(let succeeded) = task.state else { return }
        let count = succeeded ? lua_gettop(task.thread) : 1
        // Each value is copied to the top of the finished thread before it moves: that needs a slot.
        guard lua_checkstack(waiter.thread, count + 2) != 0, lua_checkstack(task.thread, 1) != 0 else {
            makeReady(waiter, error: LuaError(.runtime, "too many results to wait for"))
            return
        }
        lua_pushboolean(waiter.thread, succeeded ? 1 : 0)
        let first = succeeded ? 1 : lua_gettop(task.thread)
        for index in stride(from: first, through: lua_gettop(task.thread), by: 1) where count > 0 {
            lua_pushvalue(task.thread, index)
            lua_xmove(task.thread, waiter.thread, 1)
        }
        unobservedErrors[task.id] = nil
        waiter.state = .ready(count + 1)
        readyQueue.append(waiter.id)
    }

    func makeReady(_ task: LuaTaskRecord, values: [LuaValue]) {
        let convert = conversion(task.thread)
        guard lua_checkstack(task.thread, Int32(clamping: values.count + 2)) != 0 else {
            makeReady(task, error: LuaError(.runtime, "too many results"))
            return
        }
        lua_pushboolean(task.thread, 1)
        var count: Int32 = 1
        for value in values where convert.push(value) { count += 1 }
        task.state = .ready(count)
        readyQueue.append(task.id)
    }

    func makeReady(_ task: LuaTaskRecord, error: LuaError) {
        lua_pushboolean(task.thread, 0)
        pushError(error, on: task.thread)
        task.state = .ready(2)
        readyQueue.append(task.id)
    }

    /// Pushes a prebuilt stop error (no allocation needed) as the resume values of a task.
    func makeReadyWithStop(_ task: LuaTaskRecord, kind: Int32) {
        lua_pushboolean(task.thread, 0)
        clua_push_stop_error(task.thread, sandbox, kind)
        task.state = .ready(2)
        readyQueue.append(task.id)
    }

    // MARK: Cancelling

    func cancel(_ task: LuaTaskRecord, reason: LuaError) {
        if task.cancelReason == nil { task.cancelReason = reason }
        switch task.state {
        case .done, .running:
            return
        case .ready(let arguments):
            if !task.started {
                lua_settop(task.thread, 0)
                pushError(reason, on: task.thread)
                task.started = true
                readyQueue.removeAll { $0 == task.id }
                finish(task, succeeded: false)
            } else {
                lua_settop(task.thread, -arguments - 1)
                readyQueue.removeAll { $0 == task.id }
                makeReady(task, error: reason)
            }
        case .parked:
            task.work?.cancel()
            task.work = nil
            task.generation &+= 1
            makeReady(task, error: reason)
        case .waiting(let targetID):
            tasks[targetID]?.waiters.removeAll { $0 == task.id }
            makeReady(task, error: reason)
        }
    }

    /// Stops every task: used for Ctrl-C (cancel) and for limits hit while tasks were parked.
    func stopAll(kind: Int32) {
        for task in tasks.values.sorted(by: { $0.id < $1.id }) where !task.isDone {
            switch task.state {
            case .parked:
                task.work?.cancel()
                task.work = nil
                task.generation &+= 1
                makeReadyWithStop(task, kind: kind)
            case .waiting(let targetID):
                tasks[targetID]?.waiters.removeAll { $0 == task.id }
                makeReadyWithStop(task, kind: kind)
            default:
                break
            }
            if kind == Int32(CLUA_STOP_CANCEL), task.cancelReason == nil { task.cancelReason = interruptedError }
        }
    }

    // MARK: Completions

    func handle(_ completion: LuaCompletion) {
        switch completion {
        case .wallClock:
            clua_request_stop(sandbox, Int32(CLUA_STOP_TIMEOUT))
            stopAll(kind: Int32(CLUA_STOP_TIMEOUT))
        case .work(let id, let generation, let result):
            guard let task = tasks[id], case .parked = task.state, task.generation == generation else { return }
            task.work = nil
            switch result {
            case .success(let values): makeReady(task, values: values)
            case .failure(let error): makeReady(task, error: error)
            }
        }
    }

    func startPendingWork(_ completions: AsyncStream<LuaCompletion>.Continuation) {
        let batch = pendingWork
        pendingWork.removeAll()
        for item in batch {
            guard let task = tasks[item.task] else { continue }
            task.work = Task {
                completions.yield(await LuaVM.perform(item))
            }
        }
    }

    /// When the only thing the state waits for is one piece of work, the scheduler awaits it
    /// directly instead of handing it to a new task: no task creation and no thread hops, and
    /// cancelling the run cancels the work as it would anyway.
    var soleWaitingWork: LuaPendingWork? {
        guard pendingWork.count == 1, readyQueue.isEmpty else { return nil }
        var parked = 0
        for task in tasks.values {
            if case .parked = task.state { parked += 1 }
            if parked > 1 { return nil }
        }
        return pendingWork[0]
    }

    /// Runs one piece of work and turns its outcome into a completion.
    static func perform(_ item: LuaPendingWork) async -> LuaCompletion {
        let result: Result<[LuaValue], LuaError>
        do {
            result = .success(try await item.work())
        } catch let error as LuaError {
            var error = error
            if error.binding == nil { error.binding = item.binding }
            result = .failure(error)
        } catch is CancellationError {
            result = .failure(LuaError(.cancelled, "\(item.binding): cancelled", binding: item.binding))
        } catch {
            result = .failure(LuaError(.runtime, "\(item.binding): \(error)", binding: item.binding))
        }
        return .work(task: item.task, generation: item.generation, result: result)
    }

    var hasOutstandingWork: Bool {
        tasks.values.contains { task in
            if case .parked = task.state { return true } else { return false }
        }
    }

    var allTasksDone: Bool { tasks.values.allSatisfy(\.isDone) }

    /// Tasks waiting on each other with nothing else pending can never finish.
    func failDeadlockedTasks() {
        for task in tasks.values.sorted(by: { $0.id < $1.id }) {
            if case .waiting(let targetID) = task.state {
                tasks[targetID]?.waiters.removeAll { $0 == task.id }
                makeReady(task, error: LuaError(.runtime, "deadlock: tasks are waiting for each other"))
                return
            }
        }
    }

    /// Frees the records of finished tasks whose Lua handles are gone.
    func collectFinishedTasks(keeping main: Int) {
        let released = releasedHandles.withLock { ids -> [Int] in
            defer { ids.removeAll() }
            return ids
        }
        for id in released { tasks[id]?.handleReleased = true }
        let candidates = releasable + released
        releasable.removeAll()
        for id in candidates {
            guard id != main, let task = tasks[id], task.isDone, task.handleReleased, task.waiters.isEmpty else { continue }
            remove(task)
        }
    }

    func remove(_ task: LuaTaskRecord) {
        tasks[task.id] = nil
        if let parentID = task.parentID { tasks[parentID]?.children.removeAll { $0 == task.id } }
        LuaStack.unref(L, task.threadRef)
    }
}
