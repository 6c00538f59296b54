import OnAirLua
import OnAirProviders

/// `room.*`: SignalWire Video rooms and 100ms rooms.
enum RoomBindings {
    static let providers: [ProviderName] = [.signalwire, .hms]

    static func module(_ directory: ProviderDirectory) -> LuaModule {
        let fallback: @Sendable () -> ProviderName? = { directory.profile.defaultProviders["room"] }
        @Sendable func room(_ value: JSONValue, _ provider: ProviderName) -> LuaValue {
            ValueBridge.resource(value, provider: provider, kind: "room")
        }
        var functions = [
            LuaFunction("create") { call in
                var fields = try call.table(1)
                let provider = try call.provider(from: &fields, position: 1, allowed: providers, default: fallback())
                let keep = try fields.takeKeep(binding: "room.create", position: 1)
                let body = try ValueBridge.json(.table(fields), path: "room.create: argument #1")
                switch provider {
                case .signalwire:
                    let client = try directory.signalwire("room.create")
                    return directory.create("room.create", keep: keep, fingerprint: body) { _ in room(try await client.createRoom(body), .signalwire) }
                default:
                    let client = try directory.hms("room.create")
                    return directory.create("room.create", keep: keep, fingerprint: body) { _ in room(try await client.createRoom(body), .hms) }
                }
            },
            LuaFunction("get") { call in
                let target = try call.target(1, allowed: providers, default: fallback(), optionsPosition: 2, expected: "a room")
                switch target.provider {
                case .signalwire:
                    let client = try directory.signalwire("room.get")
                    return directory.call("room.get") { room(try await client.getRoom(target.id), .signalwire) }
                default:
                    let client = try directory.hms("room.get")
                    return directory.call("room.get") { room(try await client.getRoom(target.id), .hms) }
                }
            },
            LuaFunction("list") { call in
                var table = try call.optionalTable(1) ?? LuaTable()
                let provider = try call.provider(from: &table, position: 1, allowed: providers, default: fallback())
                let query = call.query(table)
                switch provider {
                case .signalwire:
                    let client = try directory.signalwire("room.list")
                    return directory.call("room.list") {
                        ValueBridge.resources(try await client.listRooms(query: query), provider: .signalwire, kind: "room")
                    }
                default:
                    let client = try directory.hms("room.list")
                    return directory.call("room.list") {
                        ValueBridge.resources(try await client.listRooms(query: query), provider: .hms, kind: "room")
                    }
                }
            },
            LuaFunction("update") { call in
                let target = try call.target(1, allowed: providers, default: fallback(), expected: "a room")
                let (_, body) = try call.body(2, binding: "room.update")
                switch target.provider {
                case .signalwire:
                    let client = try directory.signalwire("room.update")
                    return directory.call("room.update") { room(try await client.updateRoom(target.id, body), .signalwire) }
                default:
                    let client = try directory.hms("room.update")
                    return directory.call("room.update") { room(try await client.updateRoom(target.id, body), .hms) }
                }
            },
            LuaFunction("delete") { call in
                let target = try call.target(1, allowed: [.signalwire], default: .signalwire, optionsPosition: 2, expected: "a SignalWire room")
                let client = try directory.signalwire("room.delete")
                return directory.call("room.delete") {
                    try await client.deleteRoom(target.id)
                    return .boolean(true)
                }
            },
            LuaFunction("enable") { call in
                let target = try call.target(1, allowed: [.hms], default: .hms, optionsPosition: 2, expected: "a 100ms room")
                let client = try directory.hms("room.enable")
                return directory.call("room.enable") { room(try await client.enableRoom(target.id), .hms) }
            },
            LuaFunction("disable") { call in
                let target = try call.target(1, allowed: [.hms], default: .hms, optionsPosition: 2, expected: "a 100ms room")
                let client = try directory.hms("room.disable")
                return directory.call("room.disable") { room(try await client.disableRoom(target.id), .hms) }
            },
            LuaFunction("end_session") { call in
                let target = try call.target(1, allowed: [.hms], default: .hms, expected: "a 100ms room")
                let options = try call.optionalTable(2) ?? LuaTable()
                let reason = options["reason"]?.stringValue
                let lock = options["lock"]?.boolValue
                let client = try directory.hms("room.end_session")
                return directory.call("room.end_session") {
                    ValueBridge.lua(try await client.endRoom(target.id, reason: reason, lock: lock))
                }
            },
        ]
        functions += eachBindings(
            "room", directory: directory, allowed: providers, default: fallback,
            pages: { provider, query, operation in
                switch provider {
                case .signalwire: return try directory.signalwire(operation).roomPages(query: query)
                default: return try directory.hms(operation).roomPages(query: query)
                }
            }, kind: "room")
        return LuaModule("room", functions: functions, luaSource: eachIteratorSource)
    }
}
