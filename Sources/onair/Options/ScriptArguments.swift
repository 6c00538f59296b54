import ArgumentParser
import OnAirLua

/// `--set k=v` and `--set-json k=JSON`: the script's `args` table.
struct ScriptArguments: ParsableArguments {
    @Option(name: .customLong("set"), help: ArgumentHelp("Set args.KEY to a string value; dotted keys nest (a.b=c).", valueName: "key=value"))
    var values: [String] = []

    @Option(name: .customLong("set-json"), help: ArgumentHelp("Set args.KEY to a JSON value (numbers, booleans, lists, objects).", valueName: "key=json"))
    var jsonValues: [String] = []

    func table() throws -> LuaValue {
        var root = LuaTable()
        for item in values {
            let (key, value) = try split(item, flag: "--set")
            try assign(.text(value), to: key, in: &root)
        }
        for item in jsonValues {
            let (key, text) = try split(item, flag: "--set-json")
            let value: LuaValue
            do {
                value = try JSONCodec.decode(Array(text.utf8))
            } catch {
                throw ValidationError("--set-json \(key): invalid JSON: \(error.message)")
            }
            try assign(value, to: key, in: &root)
        }
        return .table(root)
    }

    private func split(_ item: String, flag: String) throws -> (String, String) {
        guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
            throw ValidationError("\(flag): expected key=value, got '\(item)'")
        }
        return (String(item[..<equals]), String(item[item.index(after: equals)...]))
    }

    private func assign(_ value: LuaValue, to key: String, in table: inout LuaTable) throws {
        let path = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard path.allSatisfy({ !$0.isEmpty }) else { throw ValidationError("--set: invalid key '\(key)'") }
        func set(_ path: ArraySlice<String>, in table: inout LuaTable) throws {
            let head = path.first!
            if path.count == 1 {
                table[head] = value
                return
            }
            var child = table[head]?.tableValue ?? LuaTable()
            if let existing = table[head], existing.tableValue == nil {
                throw ValidationError("--set: '\(key)' nests inside '\(head)', which already has a value")
            }
            try set(path.dropFirst(), in: &child)
            table[head] = .table(child)
        }
        try set(path[...], in: &table)
    }
}
