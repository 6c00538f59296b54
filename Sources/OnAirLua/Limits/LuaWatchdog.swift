internal import CLua
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The sandbox record as something another thread may hold: only the C functions that are safe
/// to call from any thread (`clua_request_stop`, `clua_request_cancel`) are reached through it.
struct SandboxHandle: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<clua_sandbox>

    func requestStop(_ kind: Int32) { clua_request_stop(pointer, kind) }
    func requestCancel() { clua_request_cancel(pointer) }
}

/// Watches every slice of Lua execution in the process from one thread.
///
/// Why a watchdog and not a count hook: an installed count hook slows the Lua VM about 2×
/// whatever its period. The watchdog costs nothing while scripts behave: it reads the CPU clock
/// of the thread running each slice every few milliseconds, and only when a budget is spent does
/// it install a hook (count 1) on the running Lua thread, which then raises the limit error.
///
/// If Lua code does not come back after a limit (stuck in a C function, or in a finalizer where
/// hooks are disabled), the slice's `unresponsive` action runs once the grace period is over.
final class LuaWatchdog: Sendable {
    static let shared = LuaWatchdog()

    struct Slice {
        let sandbox: SandboxHandle
        let clock: clockid_t
        let startCPU: Int64
        let cpuBudget: Int64
        let wallDeadline: Int64?
        let grace: Int64
        let unresponsive: @Sendable (LuaError) -> Void
        let cpuError: LuaError
        let wallError: LuaError
        var stoppedAt: Int64?
        var stopError: LuaError?
        var gaveUp = false
    }

    private struct State: ~Copyable {
        var slices: [Int: Slice] = [:]
        var nextToken = 0
        var threadStarted = false
        /// The watchdog thread is in its long idle wait and must be woken for a new slice.
        var idle = false
    }

    private let state = Mutex(State())
    private let wakeup = WatchdogSignal()
    /// How often running slices are checked.
    private let period: Int64 = 5_000_000

    /// Registers a slice about to run on the calling thread; returns its token.
    func begin(
        sandbox: SandboxHandle, cpuRemaining: Duration, wallDeadline: Int64?, grace: Duration,
        unresponsive: @escaping @Sendable (LuaError) -> Void, cpuError: LuaError, wallError: LuaError
    ) -> (token: Int, clock: clockid_t, start: Int64) {
        var clock = clockid_t()
        pthread_getcpuclockid(pthread_self(), &clock)
        let start = Self.read(clock)
        let slice = Slice(
            sandbox: sandbox, clock: clock, startCPU: start, cpuBudget: Self.nanoseconds(cpuRemaining),
            wallDeadline: wallDeadline, grace: Self.nanoseconds(grace), unresponsive: unresponsive,
            cpuError: cpuError, wallError: wallError)
        let (token, needsThread, needsSignal) = state.withLock { state -> (Int, Bool, Bool) in
            state.nextToken += 1
            state.slices[state.nextToken] = slice
            let needsThread = !state.threadStarted
            state.threadStarted = true
            let needsSignal = state.idle
            state.idle = false
            return (state.nextToken, needsThread, needsSignal)
        }
        if needsThread { startWatching() } else if needsSignal { wakeup.signal() }
        return (token, clock, start)
    }

    /// Ends a slice; returns the CPU time it used.
    func end(token: Int, clock: clockid_t, start: Int64) -> Duration {
        let used = Self.read(clock) - start
        _ = state.withLock { $0.slices.removeValue(forKey: token) }
        return .nanoseconds(max(0, used))
    }

    private func startWatching() {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&thread, nil, { raw in
            let watchdog = Unmanaged<LuaWatchdog>.fromOpaque(raw!).takeRetainedValue()
            watchdog.watch()
            return nil
        }, context)
        pthread_detach(thread)
    }

    private func watch() {
        while true {
            let active = check()
            if active { wakeup.wait(nanoseconds: period) } else { wakeup.wait(nanoseconds: 1_000_000_000) }
        }
    }

    /// One pass over the running slices; returns whether any is running.
    private func check() -> Bool {
        let now = Self.monotonic()
        var giveUps: [(@Sendable (LuaError) -> Void, LuaError)] = []
        let active = state.withLock { state -> Bool in
            for (token, var slice) in state.slices {
                if slice.stoppedAt == nil {
                    if Self.read(slice.clock) - slice.startCPU > slice.cpuBudget {
                        slice.sandbox.requestStop(Int32(CLUA_STOP_CPU))
                        slice.stoppedAt = now
                        slice.stopError = slice.cpuError
                    } else if let deadline = slice.wallDeadline, now >= deadline {
                        slice.sandbox.requestStop(Int32(CLUA_STOP_TIMEOUT))
                        slice.stoppedAt = now
                        slice.stopError = slice.wallError
                    }
                } else if let stoppedAt = slice.stoppedAt, !slice.gaveUp, now - stoppedAt > slice.grace {
                    slice.gaveUp = true
                    giveUps.append((slice.unresponsive, slice.stopError ?? slice.cpuError))
                }
                state.slices[token] = slice
            }
            state.idle = state.slices.isEmpty
            return !state.slices.isEmpty
        }
        for (action, error) in giveUps { action(error) }
        return active
    }

    /// Marks a slice as stopped by the host (a memory limit seen by the allocator, Ctrl-C), so the
    /// grace period starts for it too.
    func noteStop(token: Int, error: LuaError) {
        let now = Self.monotonic()
        state.withLock { state in
            guard var slice = state.slices[token], slice.stoppedAt == nil else { return }
            slice.stoppedAt = now
            slice.stopError = error
            state.slices[token] = slice
        }
    }

    static func read(_ clock: clockid_t) -> Int64 {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    static func monotonic() -> Int64 { read(CLOCK_MONOTONIC) }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole &+ attoseconds / 1_000_000_000
    }
}

/// A condition variable the watchdog sleeps on between checks.
final class WatchdogSignal: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()

    init() {
        pthread_mutex_init(&mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(&condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    func signal() {
        pthread_mutex_lock(&mutex)
        pthread_cond_signal(&condition)
        pthread_mutex_unlock(&mutex)
    }

    func wait(nanoseconds: Int64) {
        let deadline = LuaWatchdog.monotonic() + nanoseconds
        var spec = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        pthread_mutex_lock(&mutex)
        pthread_cond_timedwait(&condition, &mutex, &spec)
        pthread_mutex_unlock(&mutex)
    }
}
