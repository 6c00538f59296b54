import OnAirLua
import OnAirProviders
import OnAirStore

extension ProviderDirectory {
    /// Sends a journaled create again with its key (recovery of an open intent) and returns the
    /// resource the provider answers with: the one the first request created, if it arrived.
    func replay(_ intent: StoredCreateIntent) async throws -> CreatedResource? {
        let request = try JSONValue.decode(Array(intent.request.utf8))
        let body = request["body"] ?? .object([:])
        let value: LuaValue
        switch intent.operation {
        case "live_input.create":
            value = ValueBridge.resource(
                try await cloudflare("replay").createLiveInput(request, idempotencyKey: intent.idempotencyKey),
                provider: .cloudflare, kind: "live_input")
        case "live_input.add_output":
            guard let input = request["input"]?.stringValue else { return nil }
            value = ValueBridge.resource(
                try await cloudflare("replay").createOutput(liveInputUID: input, body, idempotencyKey: intent.idempotencyKey),
                provider: .cloudflare, kind: "output", extra: ["live_input": .text(input)])
        default:
            return nil
        }
        return CreatedResource.from(value, keep: intent.keep)
    }
}
