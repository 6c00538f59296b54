import Foundation
import OnAirLua
import OnAirProviders
import OnAirStore

/// The engine functions the playbook driver calls (`__onair_run`): the journal, durable timers,
/// the ledger and teardown of one run.
enum PlaybookRunModule {
    /// Makes the run exist (for `onair run`, once the file's top level has declared it) and
    /// returns the arguments its `run(ctx, args)` gets.
    typealias Starter = @Sendable (_ playbook: String) async throws -> LuaValue

    static func module(
        run: PlaybookRun, directory: ProviderDirectory, playbook wanted: String?, plainAllowed: Bool,
        declarations: DeclarationCollector, start: @escaping Starter, log: @escaping @Sendable (LuaLogRecord) -> Void
    ) -> LuaModule {
        LuaModule("__onair_run", functions: [
            LuaFunction("function_triggers") { _ in
                let labels = declarations.declarations.filter(\.runsFunction).map { LuaValue.text($0.playbook) }
                return .value(.table(LuaTable(array: labels, shape: .array)))
            },
            LuaFunction("wanted") { _ in .value(wanted.map { .text($0) } ?? .nil) },
            LuaFunction("plain") { _ in .value(.boolean(plainAllowed && wanted == nil)) },
            LuaFunction("start") { call in
                let name = try text(call, 1, "a playbook name")
                return .wait { [try await start(name)] }
            },
            LuaFunction("id") { _ in .value(.text(run.id)) },
            LuaFunction("begin") { call in
                let name = try text(call, 1, "a step name")
                return .wait {
                    switch try await run.begin(name) {
                    case .started(let step), .resumed(let step):
                        return [.text("run"), .text(step.idempotencyKey)]
                    case .finished(let step) where step.status == .failed:
                        return [.text("failed"), .text(step.idempotencyKey), .text(step.error ?? "step \"\(name)\" failed")]
                    case .finished(let step):
                        return [.text("done"), .text(step.idempotencyKey), try decode(step.result)]
                    }
                }
            },
            LuaFunction("complete") { call in
                let key = try text(call, 1, "a step key")
                let name = try text(call, 2, "a step name")
                let result: JSONValue
                do {
                    result = try ValueBridge.json(try call.value(3), path: "the result of step \"\(name)\"")
                } catch let error as LuaError {
                    run.endStep()
                    throw LuaError(.usage, "ctx:step \"\(name)\": a step's result must be storable (nil, booleans, numbers, text and tables of them): \(error.message)", binding: "ctx:step")
                }
                let encoded = String(decoding: result.encoded(), as: UTF8.self)
                return .wait {
                    try await run.complete(key, name: name, result: encoded)
                    return []
                }
            },
            LuaFunction("fail") { call in
                let key = try text(call, 1, "a step key")
                let name = try text(call, 2, "a step name")
                let message = describe(try call.value(3))
                return .wait {
                    try await run.fail(key, name: name, error: message)
                    return []
                }
            },
            LuaFunction("undo") { call in
                run.markUndo(try text(call, 1, "a step key"))
                return .none
            },
            LuaFunction("undone") { call in
                let key = try text(call, 1, "a step key")
                return .wait {
                    for resource in try await run.store.liveResources(runID: run.id, includingKept: false) where resource.stepKey == key {
                        guard let id = resource.id else { continue }
                        _ = try await run.store.markTornDown(resourceID: id, at: run.wallClock())
                        run.events(.tornDown(kind: resource.kind, provider: resource.provider, id: resource.providerID))
                    }
                    return []
                }
            },
            LuaFunction("undo_failed") { call in
                let key = try text(call, 1, "a step key")
                let message = describe(try call.value(2))
                log(LuaLogRecord(level: .warn, message: "the undo of step \(key) failed (\(message)); its resources get the built-in teardown"))
                return .none
            },
            LuaFunction("teardown_order") { _ in
                .wait {
                    let live = try await run.store.liveResources(runID: run.id, includingKept: false)
                    run.events(.tearingDown(count: live.count))
                    var entries: [LuaValue] = []
                    for resource in live {
                        guard let id = resource.id else { continue }
                        var entry = LuaTable()
                        entry["id"] = .integer(id)
                        if let key = resource.stepKey, run.hasUndo(key) { entry["step"] = .text(key) }
                        entries.append(.table(entry))
                    }
                    return [.table(LuaTable(array: entries, shape: .array))]
                }
            },
            LuaFunction("teardown") { call in
                guard case .integer(let id) = try call.value(1) else { throw call.error(1, "expected a ledger id") }
                return .wait {
                    let resource = try await run.store.resource(id: id)
                    let outcome = await Teardown.attempt(
                        resource, directory: directory, store: run.store, failures: run.failures, now: run.wallClock, events: run.events,
                        attempts: 3)
                    return [.boolean(outcome)]
                }
            },
            LuaFunction("hold") { call in
                let duration = try call.duration(1)
                return .wait {
                    let until: Date
                    switch try await run.begin("ctx:hold") {
                    case .started(let step), .resumed(let step):
                        until = run.wallClock().addingTimeInterval(LuaDuration.seconds(duration))
                        try await run.complete(step.idempotencyKey, name: "ctx:hold", result: "\(until.timeIntervalSince1970)")
                    case .finished(let step):
                        until = Date(timeIntervalSince1970: Double(step.result ?? "") ?? 0)
                    }
                    run.events(.holding(until: until))
                    let remaining = until.timeIntervalSince(run.wallClock())
                    if remaining > 0 { try await Task.sleep(for: .milliseconds(Int64((remaining * 1000).rounded(.up)))) }
                    return []
                }
            },
            LuaFunction("now") { _ in
                .wait {
                    switch try await run.begin("ctx:now") {
                    case .started(let step), .resumed(let step):
                        let now = run.wallClock().timeIntervalSince1970
                        try await run.complete(step.idempotencyKey, name: "ctx:now", result: "\(now)")
                        return [.number(now)]
                    case .finished(let step):
                        return [.number(Double(step.result ?? "") ?? 0)]
                    }
                }
            },
            LuaFunction("log") { call in
                let message = describe(try call.value(1))
                var fields = (try call.optionalTable(2))?.record ?? [:]
                fields["run"] = .text(run.id)
                log(LuaLogRecord(level: .info, message: message, fields: fields))
                return .none
            },
        ])
    }

    static func text(_ call: LuaCall, _ position: Int, _ what: String) throws -> String {
        guard case .string(let s) = try call.value(position) else { throw call.error(position, "expected \(what)") }
        return s.description
    }

    /// An error value as one line: the message of an error object, or the text.
    static func describe(_ value: LuaValue) -> String {
        if case .table(let table) = value, let message = table["message"]?.stringValue { return message }
        return value.description
    }

    static func decode(_ text: String?) throws -> LuaValue {
        guard let text else { return .nil }
        return ValueBridge.lua(try JSONValue.decode(Array(text.utf8)))
    }
}
