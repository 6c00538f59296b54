/// Every failure the Lua host reports: a syntax error, a runtime error raised by a script, a bad
/// argument to a binding, a limit, a cancellation, or a failure of the Swift work behind a binding.
///
/// Inside Lua the same error is a table with these fields (and `tostring(err)` reads well), so a
/// script can `pcall` and branch on `err.kind`.
public struct LuaError: Error, Sendable, Hashable, CustomStringConvertible {
    public var kind: Kind
    /// The message as the script would see it; an uncaught error's own message is kept unchanged.
    public var message: String
    /// `chunk:line:` of the Lua code that raised or called the failing binding, if known.
    public var location: String?
    public var traceback: String?
    /// The binding that failed (`room.create`), for argument and host errors.
    public var binding: String?
    /// The 1-based argument position at fault, for argument errors.
    public var argument: Int?
    /// Which limit was hit, for `.limit` errors.
    public var limit: Limit?
    /// For syntax errors: the chunk ended early (an open `function`, `{` or string), so more input
    /// could complete it. The REPL asks for a continuation line only then.
    public var incompleteInput: Bool
    /// Further fields carried into the Lua error table (`provider`, `status`, `retryable`, ...).
    public var fields: [String: LuaValue]

    public init(
        _ kind: Kind, _ message: String, location: String? = nil, traceback: String? = nil,
        binding: String? = nil, argument: Int? = nil, limit: Limit? = nil, incompleteInput: Bool = false,
        fields: [String: LuaValue] = [:]
    ) {
        self.kind = kind
        self.message = message
        self.location = location
        self.traceback = traceback
        self.binding = binding
        self.argument = argument
        self.limit = limit
        self.incompleteInput = incompleteInput
        self.fields = fields
    }

    /// `file:line: message`, the first line the CLI prints.
    public var description: String {
        guard let location, !location.isEmpty else { return message }
        return location + " " + message
    }

    /// The first line followed by the traceback, as the CLI prints an uncaught error.
    public var rendered: String {
        guard let traceback, !traceback.isEmpty else { return description }
        return description + "\n" + traceback
    }
}

extension LuaError {
    /// The kind of an error. Open for extension: the engine adds the provider kinds of the Lua API
    /// (`not_found`, `rate_limited`, ...). The raw value is what scripts see in `err.kind`.
    public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let syntax = Kind(rawValue: "syntax")
        public static let runtime = Kind(rawValue: "runtime")
        /// A binding was called wrongly (bad argument, wrong place).
        public static let usage = Kind(rawValue: "usage")
        public static let limit = Kind(rawValue: "limit")
        public static let cancelled = Kind(rawValue: "cancelled")
        public static let timeout = Kind(rawValue: "timeout")
        public static let invalid = Kind(rawValue: "invalid")
    }

    /// The sandbox limits. Their messages name the limit and its value.
    public enum Limit: String, Sendable, Hashable {
        case cpu
        case memory
        case wallClock = "wall_clock"
    }

    static func argument(_ binding: String, _ position: Int, _ expectation: String) -> LuaError {
        LuaError(
            .usage, "\(binding): argument #\(position): \(expectation)", binding: binding, argument: position)
    }

    static func limitExceeded(_ limit: Limit, _ limits: LuaLimits) -> LuaError {
        let message: String
        switch limit {
        case .cpu: message = "CPU time limit exceeded (\(LuaDuration.describe(limits.cpuTime)))"
        case .memory: message = "memory limit exceeded (\(LuaLimits.describe(bytes: limits.memoryBytes)))"
        case .wallClock:
            message = "wall-clock timeout (\(limits.wallClock.map(LuaDuration.describe) ?? "none"))"
        }
        return LuaError(.limit, message, limit: limit)
    }
}
