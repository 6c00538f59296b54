/// The limits every script runs under. All are on by default: a script is untrusted code.
public struct LuaLimits: Sendable, Hashable {
    /// Bytes of Lua heap the script may use, enforced by the allocator. 0 turns the limit off.
    public var memoryBytes: Int
    /// Time spent executing Lua code (and synchronous bindings). Waiting on async work, such as a
    /// provider call or `onair.sleep`, does not count.
    public var cpuTime: Duration
    /// Wall-clock time for the whole run, waiting included; nil for none.
    public var wallClock: Duration?
    /// How long Lua code may keep running after a limit was hit before the host gives up on it
    /// (code stuck in a C function or a finalizer, where no hook can fire) and acts on
    /// `unresponsive`.
    public var unresponsiveGrace: Duration
    /// Caps for converting Lua tables to Swift values (arguments, JSON, results).
    public var conversion: ConversionLimits

    public init(
        memoryBytes: Int = 64 << 20, cpuTime: Duration = .seconds(10), wallClock: Duration? = nil,
        unresponsiveGrace: Duration = .seconds(1), conversion: ConversionLimits = .init()
    ) {
        self.memoryBytes = memoryBytes
        self.cpuTime = cpuTime
        self.wallClock = wallClock
        self.unresponsiveGrace = unresponsiveGrace
        self.conversion = conversion
    }

    public struct ConversionLimits: Sendable, Hashable {
        /// Deepest nesting of tables.
        public var maxDepth: Int
        /// Most table entries in one value, all levels counted.
        public var maxEntries: Int

        public init(maxDepth: Int = 100, maxEntries: Int = 1_000_000) {
            self.maxDepth = maxDepth
            self.maxEntries = maxEntries
        }
    }

    static func describe(bytes: Int) -> String {
        if bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
