/// A Swift function callable from Lua: a name and a body.
///
/// The body runs synchronously on the script's thread. It reads its arguments through `LuaCall`,
/// which never raises, and either returns values at once or hands back asynchronous work
/// (`LuaReturn.wait`); the script's coroutine is then parked until the work is done, so the call
/// reads as a plain blocking call in Lua. A thrown `LuaError` becomes a catchable Lua error.
public struct LuaFunction: Sendable {
    public var name: String
    public var body: @Sendable (inout LuaCall) throws -> LuaReturn

    public init(_ name: String, _ body: @escaping @Sendable (inout LuaCall) throws -> LuaReturn) {
        self.name = name
        self.body = body
    }
}

/// A global table of functions and values, such as `json` or `onair`.
public struct LuaModule: Sendable {
    /// The global name; a dotted name (`onair.log`) nests inside another module's table; an empty
    /// name makes the functions globals themselves (`playbook`).
    public var name: String
    public var functions: [LuaFunction]
    public var values: [String: LuaValue]
    /// Lua source run once when the module is installed, as `function(module) ... end`'s body,
    /// with the module table as `...`; for the parts best written in Lua.
    public var luaSource: String?

    public init(_ name: String, functions: [LuaFunction] = [], values: [String: LuaValue] = [:], luaSource: String? = nil) {
        self.name = name
        self.functions = functions
        self.values = values
        self.luaSource = luaSource
    }
}

/// What a binding returns.
///
/// Laid out for the hot path: results a binding pushed itself are a count with no payload, so
/// returning them costs no enum payload handling.
public struct LuaReturn: Sendable {
    enum Kind: UInt8 {
        case pushed
        case value
        case values
        case wait
        case parked
        case raiseTop
    }

    enum Payload: Sendable {
        case value(LuaValue)
        case values([LuaValue])
        case wait(@Sendable () async throws -> [LuaValue])
    }

    let kind: Kind
    let count: Int32
    let payload: Payload?

    init(kind: Kind, count: Int32 = 0, payload: Payload? = nil) {
        self.kind = kind
        self.count = count
        self.payload = payload
    }

    public static var none: LuaReturn { LuaReturn(kind: .pushed, count: 0) }
    public static func value(_ value: LuaValue) -> LuaReturn { LuaReturn(kind: .value, payload: .value(value)) }
    public static func values(_ values: [LuaValue]) -> LuaReturn { LuaReturn(kind: .values, payload: .values(values)) }
    /// Park the script until `work` finishes; its results (or its thrown error) are what the
    /// binding returns in Lua. Cancellation of the script cancels the work.
    public static func wait(_ work: @escaping @Sendable () async throws -> [LuaValue]) -> LuaReturn {
        LuaReturn(kind: .wait, payload: .wait(work))
    }
    /// The binding pushed this many results itself.
    static func pushed(_ count: Int32) -> LuaReturn { LuaReturn(kind: .pushed, count: count) }
    /// The host has already recorded what the calling task waits for.
    static var parked: LuaReturn { LuaReturn(kind: .parked) }
    /// The error value to raise is on top of the stack.
    static var raiseTop: LuaReturn { LuaReturn(kind: .raiseTop) }
}
