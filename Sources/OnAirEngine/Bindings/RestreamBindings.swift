import OnAirLua
import OnAirProviders

/// `restream.*`: Gjirafa VP restreams (a live video's copies to other platforms).
///
/// Restreams carry `videoId` so `toggle` and `delete` can be given the restream alone.
enum RestreamBindings {
    static func module(_ directory: ProviderDirectory) -> LuaModule {
        @Sendable func restream(_ value: JSONValue, videoID: String) -> LuaValue {
            var extra: [String: LuaValue] = [:]
            if value["videoId"] == nil { extra["videoId"] = .text(videoID) }
            return ValueBridge.resource(value, provider: .gjirafa, kind: "restream", extra: extra)
        }
        /// A restream and its video's id (from the restream, or `{videoId = ...}`).
        @Sendable func restreamTarget(_ call: LuaCall) throws -> (id: String, videoID: String) {
            let target = try call.target(1, allowed: [.gjirafa], default: .gjirafa, optionsPosition: 2, expected: "a restream")
            let videoID = target.fields["videoId"].flatMap { $0.stringValue ?? $0.integerValue.map(String.init) }
            guard let videoID else {
                throw call.error(1, "expected a restream from restream.create or restream.list (a bare id needs `videoId` too)")
            }
            return (target.id, videoID)
        }
        return LuaModule("restream", functions: [
            LuaFunction("create") { call in
                var (fields, _) = try call.body(1, binding: "restream.create")
                let keep = try fields.takeKeep(binding: "restream.create", position: 1)
                let body = try ValueBridge.json(.table(fields), path: "restream.create: argument #1")
                guard let videoID = fields["videoId"].flatMap({ $0.stringValue ?? $0.integerValue.map(String.init) }) else {
                    throw call.error(1, "expected a table with `videoId` (and title, streamUrl, streamKey, status)")
                }
                let client = try directory.gjirafa("restream.create")
                return directory.create("restream.create", keep: keep, fingerprint: body) { _ in restream(try await client.createRestream(body), videoID: videoID) }
            },
            LuaFunction("list") { call in
                let video = try call.target(1, allowed: [.gjirafa], default: .gjirafa, optionsPosition: 2, expected: "a live video")
                let client = try directory.gjirafa("restream.list")
                return directory.call("restream.list") {
                    .table(LuaTable(array: try await client.listRestreams(videoID: video.id).map { restream($0, videoID: video.id) }, shape: .array))
                }
            },
            LuaFunction("toggle") { call in
                let (id, videoID) = try restreamTarget(call)
                let client = try directory.gjirafa("restream.toggle")
                return directory.call("restream.toggle") { restream(try await client.toggleRestream(id, videoID: videoID), videoID: videoID) }
            },
            LuaFunction("delete") { call in
                let (id, videoID) = try restreamTarget(call)
                let client = try directory.gjirafa("restream.delete")
                return directory.call("restream.delete") {
                    try await client.deleteRestream(id, videoID: videoID)
                    return .boolean(true)
                }
            },
        ])
    }
}
