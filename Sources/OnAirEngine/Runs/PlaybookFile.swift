import Foundation
import OnAirLua
import OnAirProviders

/// What a playbook file declares, read by running its top level with providers switched off:
/// its playbooks (name and options) and its schedules.
public struct PlaybookFile: Sendable {
    public struct Declared: Sendable, Hashable {
        public var name: String
        public var options: LuaTable
    }

    public var playbooks: [Declared]
    public var schedules: [ScheduleDeclaration]

    /// Whether it is a playbook file at all (a plain script declares none).
    public var isPlaybook: Bool { !playbooks.isEmpty }

    static let inspector = "local chunk = ...\n" + PlaybookDriver.collecting + """
        chunk()
        local found = {}
        for i, p in ipairs(declared) do found[i] = { name = p.name, options = p.options } end
        return found
        """

    /// Runs the top level of `script` (no provider is called: a binding used there fails with a
    /// clear error). Throws the script's error.
    public static func inspect(_ script: LuaScript, limits: LuaLimits = LuaLimits(), now: @escaping @Sendable () -> Date = Date.init) async throws -> PlaybookFile {
        let collector = DeclarationCollector()
        var configuration = LuaHostConfiguration(limits: limits, output: { _ in })
        configuration.modules += PlaybookDeclarations.modules(collector: collector, now: now)
        let transport = ProviderTransport()
        configuration.modules += OnAirEngine.offlineModules(
            reason: "providers are not called at the top level of a playbook file; call them in run(ctx, args)", transport: transport)
        var inspected = script
        inspected.driver = inspector
        let result = await LuaHost(configuration: configuration).run(inspected)
        // Not the durable path: inspecting calls no provider, and a client that fails to shut down holds nothing.
        try? await transport.shutdown()
        if let error = result.error { throw error }
        var playbooks: [Declared] = []
        if case .table(let list)? = result.values.first {
            for case .table(let entry) in list.array {
                guard let name = entry["name"]?.stringValue else { continue }
                playbooks.append(Declared(name: name, options: entry["options"]?.tableValue ?? LuaTable()))
            }
        }
        return PlaybookFile(playbooks: playbooks, schedules: collector.declarations)
    }

    /// The arguments `onair run` gives a playbook: those of its first schedule (so running the
    /// weekly show now runs what Friday would), overridden field by field by `--set`.
    public func arguments(for playbook: String, overriding given: LuaTable) -> LuaTable {
        var arguments = LuaTable()
        if let schedule = schedules.first(where: { $0.playbook == playbook }), case .table(let declared) = schedule.arguments {
            arguments = declared
        }
        for (key, value) in given.fields { arguments.fields[key] = value }
        for (offset, value) in given.array.enumerated() {
            if offset < arguments.array.count { arguments.array[offset] = value } else { arguments.array.append(value) }
        }
        return arguments
    }
}
