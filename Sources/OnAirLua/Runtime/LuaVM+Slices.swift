internal import CLua

extension LuaVM {
    /// Runs guest code (a resume, a reset, the final close) as one slice the watchdog watches, and
    /// adds the CPU time it used to the script's total.
    func withSlice<T>(thread: OpaquePointer, _ body: () -> T) -> T {
        let remaining = limits.cpuTime - cpuUsed
        let slice = LuaWatchdog.shared.begin(
            sandbox: SandboxHandle(pointer: sandbox), cpuRemaining: remaining, wallDeadline: wallDeadline,
            grace: limits.unresponsiveGrace, unresponsive: configuration.unresponsive,
            cpuError: cpuLimitError, wallError: wallLimitError)
        let result = body()
        cpuUsed += LuaWatchdog.shared.end(token: slice.token, clock: slice.clock, start: slice.start)
        return result
    }
}
