import Foundation
import OnAirLua

/// `playbook "name" { options }` and `schedule.at/weekly/cron/every`: the declarations of a
/// playbook file. Here they record what the file declares (for `onair schedule add`); the times
/// are parsed and checked at once, so a mistake names its line before anything is stored.
public enum PlaybookDeclarations {
    public static func modules(collector: DeclarationCollector, now: @escaping @Sendable () -> Date = Date.init) -> [LuaModule] {
        [
            LuaModule("", luaSource: playbookSource),
            LuaModule("schedule", functions: [
                trigger("at", collector, now) { text, zone, _ in try TriggerSpec.at(text, zone: zone) },
                trigger("weekly", collector, now) { text, zone, _ in try TriggerSpec.weekly(text, zone: zone) },
                trigger("cron", collector, now) { text, zone, _ in try TriggerSpec.cron(text, zone: zone) },
                trigger("every", collector, now) { text, zone, instant in try TriggerSpec.every(text, anchor: instant, zone: zone) },
            ]),
        ]
    }

    /// `playbook "name" { tz = ... }` returns the playbook table a file fills in (`show.run = ...`).
    static let playbookSource = """
        local globals = ...
        local type, error = type, error
        function globals.playbook(name)
          if type(name) ~= "string" or name == "" then
            error("playbook: expected a name, as in playbook \\"friday-simulcast\\" { ... }", 2)
          end
          return function(options)
            if options ~= nil and type(options) ~= "table" then
              error("playbook \\"" .. name .. "\\": expected a table of options", 2)
            end
            return { name = name, kind = "playbook", options = options or {} }
          end
        end
        """

    static func trigger(
        _ kind: String, _ collector: DeclarationCollector, _ now: @escaping @Sendable () -> Date,
        _ parse: @escaping @Sendable (String, ScheduleZone, Date) throws -> TriggerSpec
    ) -> LuaFunction {
        LuaFunction(kind) { call in
            let binding = "schedule.\(kind)"
            let text: String
            switch try call.value(1) {
            case .string(let s): text = s.description
            case .integer(let i) where kind == "every": text = "\(i)s"
            case .number(let d) where kind == "every": text = "\(d)s"
            default: throw call.error(1, "expected a time as a string, got \(call.describeArgument(1))")
            }
            var playbook: String
            var playbookOptions = LuaTable()
            switch call.typeName(2) {
            case "table":
                guard let name = try call.field(2, "name").stringValue else { throw call.error(2, "expected a playbook (from playbook \"name\" { ... })") }
                playbook = name
                playbookOptions = try call.field(2, "options").tableValue ?? LuaTable()
            default:
                guard call.isFunction(2) else { throw call.error(2, "expected a playbook or a function, got \(call.describeArgument(2))") }
                playbook = "\(binding) \(text)"
            }
            var options = try call.optionalTable(3) ?? LuaTable()
            /// Trigger options leave the run's arguments, except `duration`, which a playbook
            /// usually needs too (`ctx:hold(args.duration)`).
            func take(_ key: String) -> String? {
                defer { if key != "duration" { options[key] = nil } }
                return options[key]?.stringValue ?? playbookOptions[key]?.stringValue
            }
            let zoneName = take("tz") ?? "UTC"
            let triggerOptions: TriggerOptions
            let spec: TriggerSpec
            do {
                let zone = try ScheduleZone(identifier: zoneName)
                spec = try parse(text, zone, now())
                triggerOptions = try TriggerOptions(
                    duration: take("duration"), startWithin: take("start_within"), overlap: take("overlap"),
                    catchUp: take("catch_up"))
            } catch let error as ScheduleError {
                throw LuaError(.invalid, "\(binding): \(error)", binding: binding)
            }
            // `name` labels a function's trigger; next to a playbook it is an argument like any other.
            let runsFunction = call.isFunction(2)
            if runsFunction, let name = options["name"]?.stringValue { playbook = name; options["name"] = nil }
            collector.add(ScheduleDeclaration(
                playbook: playbook, spec: spec, options: triggerOptions, arguments: .table(options),
                written: "\(kind) \"\(text)\"", runsFunction: runsFunction))
            var result = LuaTable()
            result["kind"] = .text("schedule")
            result["playbook"] = .text(playbook)
            if let first = spec.occurrences(after: now(), count: 1).first {
                result["next"] = .text(Occurrence.utcText(first.scheduled))
            }
            return .value(.table(result))
        }
    }
}
