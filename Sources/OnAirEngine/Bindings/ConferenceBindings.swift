import OnAirLua
import OnAirProviders

/// `conference.*`: SignalWire conferences.
enum ConferenceBindings {
    static func module(_ directory: ProviderDirectory) -> LuaModule {
        @Sendable func conference(_ value: JSONValue) -> LuaValue {
            ValueBridge.resource(value, provider: .signalwire, kind: "conference")
        }
        var functions = [
            LuaFunction("create") { call in
                var fields = try call.table(1)
                _ = try call.provider(from: &fields, position: 1, allowed: [.signalwire], default: .signalwire)
                let keep = try fields.takeKeep(binding: "conference.create", position: 1)
                let body = try ValueBridge.json(.table(fields), path: "conference.create: argument #1")
                let client = try directory.signalwire("conference.create")
                return directory.create("conference.create", keep: keep, fingerprint: body) { _ in conference(try await client.createConference(body)) }
            },
            LuaFunction("get") { call in
                let target = try call.target(1, allowed: [.signalwire], default: .signalwire, optionsPosition: 2, expected: "a conference")
                let client = try directory.signalwire("conference.get")
                return directory.call("conference.get") { conference(try await client.getConference(target.id)) }
            },
            LuaFunction("list") { call in
                var table = try call.optionalTable(1) ?? LuaTable()
                _ = try call.provider(from: &table, position: 1, allowed: [.signalwire], default: .signalwire)
                let query = call.query(table)
                let client = try directory.signalwire("conference.list")
                return directory.call("conference.list") {
                    ValueBridge.resources(try await client.listConferences(query: query), provider: .signalwire, kind: "conference")
                }
            },
            LuaFunction("update") { call in
                let target = try call.target(1, allowed: [.signalwire], default: .signalwire, expected: "a conference")
                let (_, body) = try call.body(2, binding: "conference.update")
                let client = try directory.signalwire("conference.update")
                return directory.call("conference.update") { conference(try await client.updateConference(target.id, body)) }
            },
            LuaFunction("delete") { call in
                let target = try call.target(1, allowed: [.signalwire], default: .signalwire, optionsPosition: 2, expected: "a conference")
                let client = try directory.signalwire("conference.delete")
                return directory.call("conference.delete") {
                    try await client.deleteConference(target.id)
                    return .boolean(true)
                }
            },
        ]
        functions += eachBindings(
            "conference", directory: directory, allowed: [.signalwire], default: { .signalwire },
            pages: { _, query, operation in try directory.signalwire(operation).conferencePages(query: query) },
            kind: "conference")
        return LuaModule("conference", functions: functions, luaSource: eachIteratorSource)
    }
}
