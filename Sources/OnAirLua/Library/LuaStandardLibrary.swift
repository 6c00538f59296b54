internal import CLua

/// The host's own modules, installed in every state before the embedder's: `onair` (time,
/// concurrency, logging, errors) and `json`.
enum LuaStandardLibrary {
    static let modules: [LuaModule] = [onair, onairLog, JSONModule.module, onairLuaPart]

    static let onair = LuaModule(
        "onair",
        functions: [
            LuaFunction("sleep") { call in
                let duration = try call.duration(1)
                let clock = call.vm.configuration.clock
                return .wait {
                    try await clock.sleep(for: duration)
                    return []
                }
            },
            LuaFunction("now") { call in
                .value(.number(call.vm.configuration.now()))
            },
            LuaFunction("duration") { call in
                .value(.number(LuaDuration.seconds(try call.duration(1))))
            },
            LuaFunction("spawn") { call in
                guard call.isFunction(1) else {
                    throw call.error(1, "expected a function, got \(call.describeArgument(1))")
                }
                return try call.vm.spawn(call)
            },
            LuaFunction("error") { call in
                var fields = try call.table(1).record
                let level = call.isNil(2) ? 1 : Int(try call.integer(2))
                let kind = fields.removeValue(forKey: "kind")?.stringValue ?? "runtime"
                let message = fields.removeValue(forKey: "message")?.stringValue ?? ""
                var error = LuaError(LuaError.Kind(rawValue: kind), message, fields: fields)
                error.binding = fields.removeValue(forKey: "binding")?.stringValue
                error.argument = fields.removeValue(forKey: "arg")?.integerValue.map { Int($0) }
                error.fields = fields
                error.location = LuaLocation.of(call.L, level: level)
                call.vm.pushError(error, on: call.L)
                return .one
            },
        ]
    )

    static let onairLog = LuaModule(
        "onair.log",
        functions: LuaLogRecord.Level.allCases.map { level in
            LuaFunction(level.rawValue) { call in
                let message: String
                switch try call.value(1) {
                case .string(let text): message = text.description
                case .nil: message = ""
                case let other: message = other.description
                }
                let fields = try call.optionalTable(2)?.record ?? [:]
                var location = LuaLocation.of(call.L, level: 1)
                if location?.hasSuffix(":") == true { location?.removeLast() }
                call.vm.configuration.log(
                    LuaLogRecord(level: level, message: message, fields: fields, location: location))
                return .none
            }
        }
    )

    /// `onair.all` and `onair.timeout`, written in Lua (stdlib/host/onair.lua).
    static let onairLuaPart = LuaModule(
        "onair", luaSource: String(decoding: PackageResources.onair_lua, as: UTF8.self))
}

/// Where Lua code is: "chunk:line:" of the Lua function `level` frames up (1 = the caller of the
/// binding), or nil when there is none.
enum LuaLocation {
    static func of(_ L: OpaquePointer, level: Int) -> String? {
        // Any integer is a level a script may pass: beyond the stack there is simply no frame.
        clua_push_where_at(L, Int32(clamping: level))
        defer { lua_settop(L, -2) }
        let text = LuaStack.string(L, -1) ?? ""
        return text.isEmpty ? nil : text
    }
}
