/// Everything a Lua host needs from its embedder: limits, the bindings to install, and where
/// output, logs, time and modules come from. Tests replace the clock and sinks.
public struct LuaHostConfiguration: Sendable {
    public var limits: LuaLimits
    /// Modules installed as globals in every script, after the host's own (`onair`, `json`).
    public var modules: [LuaModule]
    /// Modules `require` can load by name (`name` → Lua source), before looking next to the script.
    public var requirableModules: [String: String]
    /// Receives what `print` writes.
    public var output: @Sendable ([UInt8]) -> Void
    /// Receives `onair.log.*` records and host warnings.
    public var log: @Sendable (LuaLogRecord) -> Void
    /// The clock `onair.sleep` and the wall-clock limit wait on.
    public var clock: any Clock<Duration>
    /// Seconds since the Unix epoch, for `onair.now()`.
    public var now: @Sendable () -> Double
    /// What to do when Lua code keeps running after a limit was hit (stuck in C or in a
    /// finalizer, where no hook fires). The default ends the process with exit code 3 after
    /// printing the limit message: nothing else can stop a thread stuck in C.
    public var unresponsive: @Sendable (LuaError) -> Void
    /// Extra counters of live host objects (tests use their own to check for leaks).
    public var diagnostics: LuaDiagnostics?

    public init(
        limits: LuaLimits = LuaLimits(),
        modules: [LuaModule] = [],
        requirableModules: [String: String] = [:],
        output: @escaping @Sendable ([UInt8]) -> Void = LuaHostConfiguration.standardOutput,
        log: @escaping @Sendable (LuaLogRecord) -> Void = LuaHostConfiguration.standardErrorLog,
        clock: any Clock<Duration> = ContinuousClock(),
        now: @escaping @Sendable () -> Double = LuaHostConfiguration.systemNow,
        unresponsive: @escaping @Sendable (LuaError) -> Void = LuaHostConfiguration.exitProcess,
        diagnostics: LuaDiagnostics? = nil
    ) {
        self.diagnostics = diagnostics
        self.limits = limits
        self.modules = modules
        self.requirableModules = requirableModules
        self.output = output
        self.log = log
        self.clock = clock
        self.now = now
        self.unresponsive = unresponsive
    }
}

/// One `onair.log.*` call, or a warning from the host itself.
public struct LuaLogRecord: Sendable, Hashable {
    public enum Level: String, Sendable, Hashable, CaseIterable { case debug, info, warn, error }
    public var level: Level
    public var message: String
    public var fields: [String: LuaValue]
    /// `chunk:line` of the call, when it came from a script.
    public var location: String?

    public init(level: Level, message: String, fields: [String: LuaValue] = [:], location: String? = nil) {
        self.level = level
        self.message = message
        self.fields = fields
        self.location = location
    }
}
