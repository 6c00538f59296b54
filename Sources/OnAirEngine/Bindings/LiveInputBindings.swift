import OnAirLua
import OnAirProviders

/// `live_input.*`: Cloudflare Stream live inputs and their outputs (simulcast destinations).
///
/// Outputs carry `live_input` (the uid of their input) beside Cloudflare's own fields, so
/// `set_output` and `remove_output` can be given the output alone.
enum LiveInputBindings {
    static func module(_ directory: ProviderDirectory) -> LuaModule {
        @Sendable func input(_ value: JSONValue) -> LuaValue { ValueBridge.resource(value, provider: .cloudflare, kind: "live_input") }
        @Sendable func output(_ value: JSONValue, _ inputUID: String) -> LuaValue {
            ValueBridge.resource(value, provider: .cloudflare, kind: "output", extra: ["live_input": .text(inputUID)])
        }
        @Sendable func inputTarget(_ call: LuaCall, _ binding: String) throws -> ResourceTarget {
            try call.target(1, allowed: [.cloudflare], default: .cloudflare, optionsPosition: 2, expected: "a live input")
        }
        /// An output and the uid of its input (from the output, or `{live_input = uid}`).
        @Sendable func outputTarget(_ call: LuaCall, options position: Int) throws -> (output: String, input: String) {
            let target = try call.target(1, allowed: [.cloudflare], default: .cloudflare, optionsPosition: position, expected: "an output")
            let options = try call.optionalTable(position)
            guard let inputUID = target.fields["live_input"]?.stringValue ?? options?["live_input"]?.stringValue else {
                throw call.error(1, "expected an output from live_input.outputs or add_output (a bare output uid needs `live_input` too)")
            }
            return (target.id, inputUID)
        }
        return LuaModule("live_input", functions: [
            LuaFunction("create") { call in
                var (fields, _) = try call.body(1, binding: "live_input.create")
                let keep = try fields.takeKeep(binding: "live_input.create", position: 1)
                let body = try ValueBridge.json(.table(fields), path: "live_input.create: argument #1")
                let client = try directory.cloudflare("live_input.create")
                return directory.create("live_input.create", keep: keep, fingerprint: body, replayable: true) { key in
                    input(try await client.createLiveInput(body, idempotencyKey: key))
                }
            },
            LuaFunction("get") { call in
                let target = try inputTarget(call, "live_input.get")
                let client = try directory.cloudflare("live_input.get")
                return directory.call("live_input.get") { input(try await client.getLiveInput(target.id)) }
            },
            LuaFunction("list") { call in
                _ = try call.optionalTable(1)
                let client = try directory.cloudflare("live_input.list")
                return directory.call("live_input.list") {
                    ValueBridge.resources(try await client.listLiveInputs(), provider: .cloudflare, kind: "live_input")
                }
            },
            LuaFunction("update") { call in
                let target = try call.target(1, allowed: [.cloudflare], default: .cloudflare, expected: "a live input")
                let (_, body) = try call.body(2, binding: "live_input.update")
                let client = try directory.cloudflare("live_input.update")
                return directory.call("live_input.update") { input(try await client.updateLiveInput(target.id, body)) }
            },
            LuaFunction("delete") { call in
                let target = try inputTarget(call, "live_input.delete")
                let client = try directory.cloudflare("live_input.delete")
                return directory.call("live_input.delete") {
                    try await client.deleteLiveInput(target.id)
                    return .boolean(true)
                }
            },
            LuaFunction("enable") { call in
                let target = try inputTarget(call, "live_input.enable")
                let client = try directory.cloudflare("live_input.enable")
                return directory.call("live_input.enable") { input(try await client.enableLiveInput(target.id)) }
            },
            LuaFunction("disable") { call in
                let target = try inputTarget(call, "live_input.disable")
                let client = try directory.cloudflare("live_input.disable")
                return directory.call("live_input.disable") { input(try await client.disableLiveInput(target.id)) }
            },
            LuaFunction("rotate_keys") { call in
                let target = try inputTarget(call, "live_input.rotate_keys")
                let client = try directory.cloudflare("live_input.rotate_keys")
                return directory.call("live_input.rotate_keys") { input(try await client.rotateLiveInputKeys(target.id)) }
            },
            LuaFunction("outputs") { call in
                let target = try inputTarget(call, "live_input.outputs")
                let client = try directory.cloudflare("live_input.outputs")
                return directory.call("live_input.outputs") {
                    ValueBridge.resources(try await client.listOutputs(liveInputUID: target.id), provider: .cloudflare, kind: "output", extra: ["live_input": .text(target.id)])
                }
            },
            LuaFunction("add_output") { call in
                let target = try call.target(1, allowed: [.cloudflare], default: .cloudflare, expected: "a live input")
                var (fields, _) = try call.body(2, binding: "live_input.add_output")
                guard fields["url"] != nil else { throw call.error(2, "expected a table with `url` (and usually `streamKey`)") }
                let keep = try fields.takeKeep(binding: "live_input.add_output", position: 2)
                let body = try ValueBridge.json(.table(fields), path: "live_input.add_output: argument #2")
                let client = try directory.cloudflare("live_input.add_output")
                let fingerprint = JSONValue.object(["input": .string(target.id), "body": body])
                return directory.create("live_input.add_output", keep: keep, fingerprint: fingerprint, replayable: true) { key in
                    output(try await client.createOutput(liveInputUID: target.id, body, idempotencyKey: key), target.id)
                }
            },
            LuaFunction("set_output") { call in
                let (outputUID, inputUID) = try outputTarget(call, options: 2)
                var (fields, _) = try call.body(2, binding: "live_input.set_output")
                fields["live_input"] = nil
                guard fields["enabled"]?.boolValue != nil else { throw call.error(2, "expected a table with `enabled` (true or false)") }
                let body = try ValueBridge.json(.table(fields), path: "live_input.set_output: argument #2")
                let client = try directory.cloudflare("live_input.set_output")
                return directory.call("live_input.set_output") {
                    output(try await client.updateOutput(liveInputUID: inputUID, outputUID: outputUID, body), inputUID)
                }
            },
            LuaFunction("remove_output") { call in
                let (outputUID, inputUID) = try outputTarget(call, options: 2)
                let client = try directory.cloudflare("live_input.remove_output")
                return directory.call("live_input.remove_output") {
                    try await client.deleteOutput(liveInputUID: inputUID, outputUID: outputUID)
                    return .boolean(true)
                }
            },
        ])
    }
}
