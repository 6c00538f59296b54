import OnAirLua
import OnAirProviders

/// `live_video.*`: Gjirafa VP live videos.
enum LiveVideoBindings {
    static func module(_ directory: ProviderDirectory) -> LuaModule {
        @Sendable func video(_ value: JSONValue) -> LuaValue { ValueBridge.resource(value, provider: .gjirafa, kind: "live_video") }
        @Sendable func videoTarget(_ call: LuaCall) throws -> ResourceTarget {
            try call.target(1, allowed: [.gjirafa], default: .gjirafa, optionsPosition: 2, expected: "a live video")
        }
        var functions = [
            LuaFunction("create") { call in
                var (fields, _) = try call.body(1, binding: "live_video.create")
                let keep = try fields.takeKeep(binding: "live_video.create", position: 1)
                let body = try ValueBridge.json(.table(fields), path: "live_video.create: argument #1")
                let client = try directory.gjirafa("live_video.create")
                return directory.create("live_video.create", keep: keep, fingerprint: body) { _ in video(try await client.createLiveVideo(body)) }
            },
            LuaFunction("get") { call in
                let target = try videoTarget(call)
                let client = try directory.gjirafa("live_video.get")
                return directory.call("live_video.get") { video(try await client.getLiveVideo(target.id)) }
            },
            LuaFunction("list") { call in
                let (table, _) = try call.body(1, binding: "live_video.list")
                let query = call.query(table)
                let client = try directory.gjirafa("live_video.list")
                return directory.call("live_video.list") {
                    ValueBridge.resources(try await client.listLiveVideos(query: query), provider: .gjirafa, kind: "live_video")
                }
            },
            // Both take Gjirafa's own options as a second table (`title`, `fromMilisecond`,
            // `toMilisecond` for cut_and_publish), spelled as Gjirafa spells them.
            LuaFunction("stop_and_cut") { call in
                let target = try call.target(1, allowed: [.gjirafa], default: .gjirafa, expected: "a live video")
                let (fields, options) = try call.body(2, binding: "live_video.stop_and_cut")
                let client = try directory.gjirafa("live_video.stop_and_cut")
                return directory.call("live_video.stop_and_cut") {
                    ValueBridge.lua(fields.isEmpty ? try await client.stopAndCut(target.id) : try await client.stopAndCut(target.id, options: options))
                }
            },
            LuaFunction("cut_and_publish") { call in
                let target = try call.target(1, allowed: [.gjirafa], default: .gjirafa, expected: "a live video")
                let (fields, options) = try call.body(2, binding: "live_video.cut_and_publish")
                let client = try directory.gjirafa("live_video.cut_and_publish")
                return directory.call("live_video.cut_and_publish") {
                    ValueBridge.lua(fields.isEmpty ? try await client.cutAndPublish(target.id) : try await client.cutAndPublish(target.id, options: options))
                }
            },
        ]
        functions += eachBindings(
            "live_video", directory: directory, allowed: [.gjirafa], default: { .gjirafa },
            pages: { _, query, operation in try directory.gjirafa(operation).liveVideoPages(query: query) },
            kind: "live_video")
        return LuaModule("live_video", functions: functions, luaSource: eachIteratorSource)
    }
}
