import OnAirLua
import OnAirProviders

/// `onair check`: what can be found wrong in a script or playbook file without running it: its
/// syntax, and every `module.name` it reads from a binding or library table that has no such
/// member (`live_input.creat`), with the closest real name.
public enum ScriptCheck {
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var line: Int?
        public var message: String
        public var file: String
        /// `file:line: message`; a syntax error's message from Lua already starts with them.
        public var description: String { line.map { "\(file):\($0): \(message)" } ?? message }
    }

    public static func check(_ script: LuaScript) async -> [Problem] {
        let transport = ProviderTransport()
        let host = LuaHost(configuration: configuration(transport))
        let compiled = host.compile(script)
        let members = compiled == nil ? await catalog(host) : [:]
        // Not the durable path: checking calls no provider, and a client that fails to shut down holds nothing.
        try? await transport.shutdown()
        if let compiled { return [Problem(line: nil, message: compiled.message, file: script.name)] }
        let scan = LuaSourceScan(script.source)
        var problems: [Problem] = []
        for access in scan.accesses where !scan.locals.contains(access.table) {
            guard let known = members[access.table], !known.contains(access.field) else { continue }
            let suggestion = closest(access.field, in: known).map { " (did you mean \(access.table).\($0)?)" } ?? ""
            problems.append(Problem(
                line: access.line, message: "\(access.table).\(access.field) does not exist\(suggestion)", file: script.name))
        }
        return problems
    }

    /// A host with every binding and the playbook declarations, for names only: nothing is called.
    static func configuration(_ transport: ProviderTransport) -> LuaHostConfiguration {
        var configuration = LuaHostConfiguration(output: { _ in }, log: { _ in })
        configuration.modules += OnAirEngine.offlineModules(reason: "onair check calls no provider", transport: transport)
        configuration.modules += PlaybookDeclarations.modules(collector: DeclarationCollector())
        return configuration
    }

    /// The string keys of every table a script finds among its globals.
    static func catalog(_ host: LuaHost) async -> [String: Set<String>] {
        let result = await host.run(LuaScript(name: "=catalog", source: """
            local found = {}
            for name, value in pairs(_G) do
              if type(value) == "table" and name ~= "_G" and name ~= "args" then
                local keys = {}
                for key in pairs(value) do if type(key) == "string" then keys[#keys + 1] = key end end
                found[name] = keys
              end
            end
            return found
            """))
        guard case .table(let table)? = result.values.first else { return [:] }
        var members: [String: Set<String>] = [:]
        for (name, value) in table.record {
            members[name] = Set((value.tableValue?.array ?? []).compactMap(\.stringValue))
        }
        return members
    }

    /// The known name nearest to `name` by edit distance, if it is near enough to be a typo.
    static func closest(_ name: String, in known: Set<String>) -> String? {
        let scored = known.filter { !$0.hasPrefix("__") }.map { ($0, distance(name, $0)) }
        guard let best = scored.min(by: { ($0.1, $0.0) < ($1.1, $1.0) }), best.1 <= max(2, name.count / 3) else { return nil }
        return best.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return b.isEmpty ? a.count : row[b.count]
    }
}
