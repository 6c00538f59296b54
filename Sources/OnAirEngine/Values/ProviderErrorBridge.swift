import OnAirLua
import OnAirProviders

extension LuaError {
    /// A provider failure as the catchable error object of the Lua API: `kind`, `provider`,
    /// `operation` (the binding), `status`, `message`, `details`, `retryable`, `retry_after`.
    init(_ error: ProviderError, operation: String) {
        var fields: [String: LuaValue] = [
            "provider": .text(error.provider.rawValue),
            "operation": .text(operation),
            "retryable": .boolean(error.retryable),
            "details": .table(LuaTable(array: error.details.map(ValueBridge.lua), shape: .array)),
        ]
        if let status = error.status { fields["status"] = .integer(Int64(status)) }
        if let retryAfter = error.retryAfter { fields["retry_after"] = .number(retryAfter) }
        self.init(
            LuaError.Kind(rawValue: error.kind.rawValue), "\(operation): \(error.message)", binding: operation,
            fields: fields)
    }
}

extension ProviderDirectory {
    /// Runs provider work for a binding: waits until the providers are reachable (the built-in
    /// emulator starts on first use), and turns provider errors into Lua error objects.
    func call(_ operation: String, _ work: @escaping @Sendable () async throws -> LuaValue) -> LuaReturn {
        .wait { [prepare] in
            try await prepare()
            do {
                return [try await work()]
            } catch let error as ProviderError {
                throw LuaError(error, operation: operation)
            }
        }
    }
}
