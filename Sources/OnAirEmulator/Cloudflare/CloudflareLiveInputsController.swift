import HTTPTypes
import Hummingbird

/// `/client/v4/accounts/{account_id}/stream/live_inputs`: create (honouring `Idempotency-Key`),
/// list, get, update (PUT), delete, enable, disable, rotate keys.
struct CloudflareLiveInputsController {
    let state: EmulatorState

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.post(use: create)
        group.get(use: list)
        group.get(":live_input_identifier", use: get)
        group.put(":live_input_identifier", use: update)
        group.delete(":live_input_identifier", use: delete)
        group.post(":live_input_identifier/enable", use: enable)
        group.post(":live_input_identifier/disable", use: disable)
        group.post(":live_input_identifier/rotate_keys", use: rotateKeys)
    }

    private var bodyLimit: Int { state.configuration.limits.maxBodyBytes }

    @Sendable func create(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let changes = try CloudflareLiveInputChanges(try await request.cloudflareFields(limit: bodyLimit))
        let key = request.idempotencyKey
        let input = try await state.store.access { states, context in
            states.cloudflare.createLiveInput(changes, idempotencyKey: key, context: &context)
        }
        return CloudflareEnvelope.response(input)
    }

    private struct ListResult: Encodable, Sendable {
        var liveInputs: [CloudflareLiveInput.Summary]
        /// Inputs after this page; there is a single page, so none.
        var range: Int
        var total: Int
    }

    @Sendable func list(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        if let counts = request.uri.queryParameters.get("include_counts"), Bool(counts) == nil {
            throw CloudflareError.invalid(.wrongType("include_counts", expected: "boolean"))
        }
        let inputs = try await state.store.access { states, _ in states.cloudflare.liveInputs.all }
        return CloudflareEnvelope.response(ListResult(liveInputs: inputs.map(\.summary), range: 0, total: inputs.count))
    }

    @Sendable func get(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let uid = try context.parameters.require("live_input_identifier")
        let input = try await state.store.access { states, _ in try states.cloudflare.liveInput(uid: uid) }
        return CloudflareEnvelope.response(input)
    }

    @Sendable func update(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let uid = try context.parameters.require("live_input_identifier")
        let changes = try CloudflareLiveInputChanges(try await request.cloudflareFields(limit: bodyLimit))
        let input = try await state.store.access { states, context in
            try states.cloudflare.updateLiveInput(uid: uid, changes, now: context.now)
        }
        return CloudflareEnvelope.response(input)
    }

    @Sendable func delete(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let uid = try context.parameters.require("live_input_identifier")
        try await state.store.access { states, _ in try states.cloudflare.deleteLiveInput(uid: uid) }
        return CloudflareEnvelope<JSONValue>.response(nil)
    }

    @Sendable func enable(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await setEnabled(true, context: context)
    }

    @Sendable func disable(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await setEnabled(false, context: context)
    }

    private func setEnabled(_ enabled: Bool, context: EmulatorRequestContext) async throws -> Response {
        let uid = try context.parameters.require("live_input_identifier")
        let input = try await state.store.access { states, context in
            try states.cloudflare.setEnabled(uid: uid, enabled, now: context.now)
        }
        return CloudflareEnvelope.response(input)
    }

    @Sendable func rotateKeys(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let uid = try context.parameters.require("live_input_identifier")
        let input = try await state.store.access { states, context in
            try states.cloudflare.rotateKeys(uid: uid, context: &context)
        }
        return CloudflareEnvelope.response(input)
    }
}

extension Request {
    /// The `Idempotency-Key` header of a create, when the client sent a non-empty one.
    var idempotencyKey: String? {
        guard let name = HTTPField.Name("Idempotency-Key"), let key = headers[name], !key.isEmpty else { return nil }
        return key
    }
}
