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
    /// Runs provider work for a binding and turns provider errors into Lua error objects.
    func call(_ operation: String, _ work: @escaping @Sendable () async throws -> LuaValue) -> LuaReturn {
        .wait {
            do {
                return [try await work()]
            } catch let error as ProviderError {
                throw LuaError(error, operation: operation)
            }
        }
    }
}

extension ProviderDirectory {
    /// Runs a binding that creates something. Under a playbook run the result is recorded in the
    /// run's ledger before the script sees it, and `work` gets an idempotency key derived from
    /// the current step (for providers that take one), so repeating the step after a crash
    /// does not create a second resource.
    ///
    /// - Parameters:
    ///   - keep: the script asked for the resource to outlive the run (`keep = true`).
    ///   - fingerprint: what is created (the request body), part of the idempotency key.
    ///   - replayable: the provider honours the idempotency key (Cloudflare): the create is
    ///     journaled as an intent first, and `fingerprint` is what `replay` sends again.
    func create(
        _ operation: String, keep: Bool, fingerprint: JSONValue, replayable: Bool = false,
        _ work: @escaping @Sendable (_ idempotencyKey: String?) async throws -> LuaValue
    ) -> LuaReturn {
        let recorder = self.recorder
        let key = recorder?.idempotencyKey(
            operation: operation, fingerprint: String(decoding: fingerprint.encoded(), as: UTF8.self))
        return call(operation) {
            if replayable, let recorder, let key {
                try await recorder.intend(operation: operation, idempotencyKey: key, request: fingerprint, keep: keep)
            }
            let value = try await work(key)
            if let recorder, let resource = CreatedResource.from(value, keep: keep) {
                try await recorder.record(resource, operation: operation)
                if replayable, let key { await recorder.resolve(idempotencyKey: key) }
            }
            return value
        }
    }
}

extension LuaTable {
    /// Takes OnAir's own `keep` flag out of a create's arguments (it is not the provider's).
    mutating func takeKeep(binding: String, position: Int) throws -> Bool {
        defer { self["keep"] = nil }
        switch self["keep"] {
        case nil, .nil?: return false
        case .boolean(let flag)?: return flag
        default: throw LuaError(.usage, "\(binding): argument #\(position): `keep` must be true or false", binding: binding)
        }
    }
}
