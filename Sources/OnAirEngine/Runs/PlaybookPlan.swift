import Foundation
import OnAirLua
import OnAirProviders
import Synchronization

/// `onair plan`: runs a playbook with every provider binding replaced by a recorder, so it shows
/// the provider calls the playbook would make, in order and by step, then the teardown it would
/// get, newest first, without calling any provider. Holds return at once and move a simulated
/// clock, so `ctx:now()` and stop deadlines read as they would on the day.
///
/// Objects that bindings return are made up (`plan-1`, `plan-2`, …) from the arguments, so code
/// that reads `input.uid` or passes objects on works; lists come back empty.
public final class PlaybookPlan: Sendable {
    public struct Call: Sendable, Hashable {
        public var step: String?
        public var text: String
    }

    public struct Entry: Sendable, Hashable {
        public var provider: String
        public var kind: String
        public var id: String
        public var step: String?
        public var keep: Bool
        public var isOutput: Bool
        /// What tears it down: the step's own `:undo` or the built-in teardown.
        public var teardown: String
    }

    public struct Report: Sendable {
        public var calls: [Call]
        /// Newest first.
        public var teardown: [Entry]
        public var start: Date
        public var end: Date
        public var error: LuaError?
    }

    struct State {
        var calls: [Call] = []
        var ledger: [Entry] = []
        var step: String?
        var undoSteps: Set<String> = []
        var now: Date
        var serial = 0
    }

    /// The pseudo-step of calls made by `:undo` functions at teardown.
    public static let undoStep = "\u{0}teardown"

    private let state: Mutex<State>
    let start: Date

    public init(start: Date) {
        self.start = start
        state = Mutex(State(now: start))
    }

    /// Runs the playbook `name` of `script` with `arguments`.
    public static func plan(
        _ script: LuaScript, playbook name: String, arguments: LuaValue, start: Date, limits: LuaLimits = LuaLimits()
    ) async -> Report {
        let plan = PlaybookPlan(start: start)
        var host = LuaHostConfiguration(limits: limits, output: { _ in }, log: { _ in }, now: { plan.state.withLock { $0.now.timeIntervalSince1970 } })
        let transport = ProviderTransport()
        for module in OnAirEngine.offlineModules(reason: "onair plan calls no provider", transport: transport) {
            host.modules.append(plan.recorder(for: module))
        }
        host.modules += PlaybookDeclarations.modules(collector: DeclarationCollector(), now: { start })
        host.modules.append(plan.runModule(playbook: name, arguments: arguments))
        var planned = script
        planned.driver = PlaybookDriver.source
        let result = await LuaHost(configuration: host).run(planned, arguments: arguments)
        // Not the durable path: a plan calls no provider, and a client that fails to shut down holds nothing.
        try? await transport.shutdown()
        return plan.state.withLock { state in
            Report(calls: state.calls, teardown: state.ledger.reversed(), start: start, end: state.now, error: result.error)
        }
    }

    // MARK: Recording bindings

    func recorder(for module: LuaModule) -> LuaModule {
        var fake = module
        fake.functions = module.functions.map { function in
            let name = "\(module.name).\(function.name)"
            switch function.name {
            case "__cursor": return LuaFunction(function.name) { _ in .value(.text("plan")) }
            case "__next": return LuaFunction(function.name) { _ in .value(.nil) }
            default: return LuaFunction(function.name) { [self] call in try self.record(name, call) }
            }
        }
        return fake
    }

    private func record(_ binding: String, _ call: LuaCall) throws -> LuaReturn {
        var arguments: [LuaValue] = []
        for position in stride(from: 1, through: call.count, by: 1) {
            // Display only: a value that cannot be copied out of Lua is shown by its type.
            arguments.append((try? call.value(position)) ?? .text("<\(call.typeName(position))>"))
        }
        let rendered = "\(binding)(\(arguments.map(PlanText.render).joined(separator: ", ")))"
        let result: LuaValue
        switch binding {
        case "room.create", "conference.create", "live_input.create", "live_video.create", "restream.create", "stream.add", "live_input.add_output":
            result = made(binding, arguments)
        case let name where name.hasSuffix(".list") || name.hasSuffix(".outputs"):
            result = .table(LuaTable(shape: .array))
        case let name where name.hasSuffix(".delete") || name.hasSuffix(".remove") || name.hasSuffix(".remove_output"):
            result = .boolean(true)
        default:
            if case .table(var object)? = arguments.first {
                if case .table(let changes)? = arguments.dropFirst().first { for (key, value) in changes.record { object[key] = value } }
                result = .table(object)
            } else {
                result = .nil
            }
        }
        state.withLock { state in
            let suffix = if case .table(let t) = result, let id = t["uid"] ?? t["publicId"] ?? t["id"] { " -> \(id.stringValue ?? id.description)" } else { "" }
            state.calls.append(Call(step: state.step, text: rendered + suffix))
        }
        return .value(result)
    }

    /// A made-up resource for a create, with the fields the script gave and the ids it needs.
    private func made(_ binding: String, _ arguments: [LuaValue]) -> LuaValue {
        let module = String(binding.prefix { $0 != "." })
        var fields = LuaTable(shape: .object)
        var parent: LuaTable?
        switch binding {
        case "stream.add", "live_input.add_output":
            parent = arguments.first?.tableValue
            fields = arguments.dropFirst().first?.tableValue ?? fields
        default:
            fields = arguments.first?.tableValue ?? fields
        }
        let keep = fields["keep"]?.boolValue ?? false
        fields["keep"] = nil
        let provider: String = switch module {
        case "live_input": "cloudflare"
        case "live_video", "restream": "gjirafa"
        case "conference": "signalwire"
        case "stream": parent?["provider"]?.stringValue ?? "signalwire"
        default: fields["provider"]?.stringValue ?? "signalwire"
        }
        let kind: String = switch binding {
        case "stream.add": "stream"
        case "live_input.add_output": "output"
        default: module
        }
        let id = state.withLock { state in
            state.serial += 1
            return "plan-\(state.serial)"
        }
        let idField = provider == "cloudflare" ? "uid" : (provider == "gjirafa" && kind == "live_video" ? "publicId" : "id")
        fields[idField] = .text(id)
        fields["provider"] = .text(provider)
        fields["kind"] = .text(kind)
        if binding == "live_input.add_output", let input = parent?["uid"] { fields["live_input"] = input }
        if provider == "100ms", kind == "stream", let room = parent?["id"] { fields["room_id"] = room }
        let value = LuaValue.table(fields)
        if let created = CreatedResource.from(value, keep: keep) {
            state.withLock { state in
                state.ledger.append(Entry(
                    provider: provider, kind: kind, id: id, step: state.step, keep: keep, isOutput: created.isOutput,
                    teardown: ProviderDirectory.teardownOperation(provider: provider, kind: kind)))
            }
        }
        return value
    }

    // MARK: The run functions, in memory

    func runModule(playbook wanted: String, arguments: LuaValue) -> LuaModule {
        LuaModule("__onair_run", functions: [
            LuaFunction("wanted") { _ in .value(.text(wanted)) },
            LuaFunction("plain") { _ in .value(.boolean(false)) },
            LuaFunction("function_triggers") { _ in .value(.table(LuaTable(shape: .array))) },
            LuaFunction("start") { _ in .value(arguments) },
            LuaFunction("id") { _ in .value(.text("plan")) },
            LuaFunction("begin") { [self] call in
                let name = try call.string(1)
                state.withLock { $0.step = name }
                return .values([.text("run"), .text("plan/\(name)")])
            },
            LuaFunction("complete") { [self] _ in
                state.withLock { $0.step = nil }
                return .none
            },
            LuaFunction("fail") { [self] _ in
                state.withLock { $0.step = nil }
                return .none
            },
            LuaFunction("undo") { [self] call in
                let key = try call.string(1)
                let step = String(key.dropFirst("plan/".count))
                state.withLock { state in
                    state.undoSteps.insert(step)
                    for index in state.ledger.indices where state.ledger[index].step == step {
                        state.ledger[index].teardown = "the :undo of step \"\(step)\""
                    }
                }
                return .none
            },
            LuaFunction("undone") { _ in .none },
            LuaFunction("undo_failed") { _ in .none },
            LuaFunction("teardown_order") { [self] _ in
                state.withLock { state in
                    state.step = PlaybookPlan.undoStep
                    return .value(.table(LuaTable(array: [], shape: .array)))
                }
            },
            LuaFunction("teardown") { _ in .value(.boolean(true)) },
            LuaFunction("hold") { [self] call in
                let duration = try call.duration(1)
                state.withLock { state in
                    state.calls.append(Call(step: nil, text: "hold \(ScheduleDuration.format(duration)) (until \(Occurrence.utcText(state.now.addingTimeInterval(LuaDuration.seconds(duration)))))"))
                    state.now = state.now.addingTimeInterval(LuaDuration.seconds(duration))
                }
                return .none
            },
            LuaFunction("now") { [self] _ in .value(.number(state.withLock { $0.now.timeIntervalSince1970 })) },
            LuaFunction("log") { [self] call in
                // Display only: a message that cannot be copied out of Lua is shown empty.
                let message = (try? call.value(1)).map(PlaybookRunModule.describe) ?? ""
                state.withLock { $0.calls.append(Call(step: $0.step, text: "log \"\(message)\"")) }
                return .none
            },
        ])
    }
}

/// Arguments as a plan shows them: objects by provider, kind and id; tables with sorted keys;
/// stream keys and other secrets elided.
enum PlanText {
    static let secretFields: Set<String> = ["streamKey", "stream_key", "key", "token", "secret", "password", "passphrase"]

    static func render(_ value: LuaValue) -> String {
        switch value {
        case .string(let s): return "\"\(s.description)\""
        case .table(let table):
            if let provider = table["provider"]?.stringValue, let kind = table["kind"]?.stringValue,
                let providerName = ProviderName(rawValue: provider), let id = ResourceTarget.id(of: table, provider: providerName)
            {
                return "<\(provider) \(kind) \(id)>"
            }
            if table.isArray { return "{ " + table.array.map(render).joined(separator: ", ") + " }" }
            let fields = table.record.sorted { $0.key < $1.key }.map { key, value in
                "\(key) = " + (secretFields.contains(key) ? "\"…\"" : render(value))
            }
            return fields.isEmpty ? "{}" : "{ " + fields.joined(separator: ", ") + " }"
        default: return value.description
        }
    }
}
