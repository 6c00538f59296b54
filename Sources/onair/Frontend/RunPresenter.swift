import OnAirLua

/// Shows the outcome of a run: errors as `file:line: message` and a traceback on standard error,
/// or the whole outcome as JSON on standard output with `--json`.
struct RunPresenter {
    let json: Bool

    func present(_ result: LuaRunResult) {
        if json {
            print(JSONCodec.encode(document(for: result), pretty: true))
            return
        }
        if let error = result.error {
            Terminal.writeError(error.rendered + "\n")
        }
    }

    func document(for result: LuaRunResult) -> LuaValue {
        var document = LuaTable()
        document["ok"] = .boolean(result.error == nil)
        document["exit_code"] = .integer(Int64(result.exitCode))
        document["results"] = .table(LuaTable(array: result.values, shape: .array))
        document["cpu_seconds"] = .number(LuaDuration.seconds(result.cpuTime))
        document["peak_memory_bytes"] = .integer(Int64(result.peakMemory))
        if let error = result.error {
            var fields = LuaTable()
            for (key, value) in error.fields { fields[key] = value }
            fields["kind"] = .text(error.kind.rawValue)
            fields["message"] = .text(error.message)
            if let location = error.location { fields["where"] = .text(location) }
            if let traceback = error.traceback { fields["traceback"] = .text(traceback) }
            if let binding = error.binding { fields["binding"] = .text(binding) }
            if let argument = error.argument { fields["arg"] = .integer(Int64(argument)) }
            if let limit = error.limit { fields["limit"] = .text(limit.rawValue) }
            document["error"] = .table(fields)
        }
        return .table(document)
    }
}
