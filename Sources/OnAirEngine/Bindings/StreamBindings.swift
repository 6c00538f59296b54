import OnAirLua
import OnAirProviders

/// `stream.*`: SignalWire room and conference streams, and 100ms external (RTMP) streams.
enum StreamBindings {
    static let providers: [ProviderName] = [.signalwire, .hms]

    static func module(_ directory: ProviderDirectory) -> LuaModule {
        @Sendable func stream(_ value: JSONValue, _ provider: ProviderName) -> LuaValue {
            ValueBridge.resource(value, provider: provider, kind: "stream")
        }
        return LuaModule("stream", functions: [
            LuaFunction("add") { call in
                let parent = try call.target(1, allowed: providers, default: nil, expected: "a room or conference")
                var (options, _) = try call.body(2, binding: "stream.add")
                let keep = try options.takeKeep(binding: "stream.add", position: 2)
                let fingerprint = JSONValue.object(["parent": .string(parent.id), "url": .string(options["url"]?.stringValue ?? "")])
                switch parent.provider {
                case .signalwire:
                    guard let url = options["url"]?.stringValue else { throw call.error(2, "expected a table with `url` (an rtmp:// or rtmps:// address)") }
                    let client = try directory.signalwire("stream.add")
                    if parent.kind == "conference" {
                        return directory.create("stream.add", keep: keep, fingerprint: fingerprint) { _ in stream(try await client.createConferenceStream(conferenceID: parent.id, url: url), .signalwire) }
                    }
                    return directory.create("stream.add", keep: keep, fingerprint: fingerprint) { _ in stream(try await client.createRoomStream(roomID: parent.id, url: url), .signalwire) }
                default:
                    // 100ms takes a list of RTMP destinations; `url` is the one-destination shorthand.
                    if let url = options["url"] {
                        options["url"] = nil
                        options["rtmp_urls"] = .table(LuaTable(array: [url], shape: .array))
                    }
                    guard options["rtmp_urls"] != nil else { throw call.error(2, "expected a table with `url` or `rtmp_urls`") }
                    let body = try ValueBridge.json(.table(options), path: "stream.add: argument #2")
                    let client = try directory.hms("stream.add")
                    return directory.create("stream.add", keep: keep, fingerprint: body) { _ in stream(try await client.startExternalStream(roomID: parent.id, body), .hms) }
                }
            },
            LuaFunction("list") { call in
                let parent = try call.target(1, allowed: providers, default: nil, expected: "a room or conference")
                switch parent.provider {
                case .signalwire:
                    let client = try directory.signalwire("stream.list")
                    if parent.kind == "conference" {
                        return directory.call("stream.list") {
                            ValueBridge.resources(try await client.listConferenceStreams(conferenceID: parent.id), provider: .signalwire, kind: "stream")
                        }
                    }
                    return directory.call("stream.list") {
                        ValueBridge.resources(try await client.listRoomStreams(roomID: parent.id), provider: .signalwire, kind: "stream")
                    }
                default:
                    let client = try directory.hms("stream.list")
                    return directory.call("stream.list") {
                        ValueBridge.resources(try await client.listExternalStreams(query: ["room_id": parent.id]), provider: .hms, kind: "stream")
                    }
                }
            },
            LuaFunction("get") { call in
                let target = try call.target(1, allowed: providers, default: nil, optionsPosition: 2, expected: "a stream")
                switch target.provider {
                case .signalwire:
                    let client = try directory.signalwire("stream.get")
                    return directory.call("stream.get") { stream(try await client.getStream(target.id), .signalwire) }
                default:
                    let client = try directory.hms("stream.get")
                    return directory.call("stream.get") { stream(try await client.getExternalStream(target.id), .hms) }
                }
            },
            LuaFunction("update") { call in
                let target = try call.target(1, allowed: providers, default: nil, expected: "a stream")
                let (options, _) = try call.body(2, binding: "stream.update")
                guard target.provider == .signalwire else {
                    throw LuaError(.usage, "stream.update: 100ms external streams cannot be changed; remove the stream and add a new one", binding: "stream.update")
                }
                guard let url = options["url"]?.stringValue else { throw call.error(2, "expected a table with `url`") }
                let client = try directory.signalwire("stream.update")
                return directory.call("stream.update") { stream(try await client.updateStream(target.id, url: url), .signalwire) }
            },
            LuaFunction("remove") { call in
                let target = try call.target(1, allowed: providers, default: nil, optionsPosition: 2, expected: "a stream")
                switch target.provider {
                case .signalwire:
                    let client = try directory.signalwire("stream.remove")
                    return directory.call("stream.remove") {
                        try await client.deleteStream(target.id)
                        return .boolean(true)
                    }
                default:
                    let client = try directory.hms("stream.remove")
                    return directory.call("stream.remove") { stream(try await client.stopExternalStream(target.id), .hms) }
                }
            },
        ])
    }
}
