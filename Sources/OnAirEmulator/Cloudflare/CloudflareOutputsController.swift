import Foundation
import Hummingbird

/// `/live_inputs/{id}/outputs`: list, create (honouring `Idempotency-Key`), enable or disable
/// (PUT with `enabled` only), delete.
struct CloudflareOutputsController {
    let state: EmulatorState

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.get(use: list)
        group.post(use: create)
        group.put(":output_identifier", use: update)
        group.delete(":output_identifier", use: delete)
    }

    private var bodyLimit: Int { state.configuration.limits.maxBodyBytes }

    @Sendable func list(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let uid = try context.parameters.require("live_input_identifier")
        let outputs = try await state.store.access { states, _ in try states.cloudflare.outputs(liveInput: uid) }
        return CloudflareEnvelope.response(outputs)
    }

    /// `url` (an `rtmp://`, `rtmps://` or `srt://` address) and `streamKey` are required;
    /// `enabled` defaults to true, as the official SDK leaves it out unless given.
    @Sendable func create(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let uid = try context.parameters.require("live_input_identifier")
        let fields = try await request.cloudflareFields(limit: bodyLimit)
        let url: String
        let streamKey: String
        let enabled: Bool
        do throws(FieldProblem) {
            url = try fields.requiredString("url")
            let scheme = URLComponents(string: url)?.scheme?.lowercased()
            guard ["rtmp", "rtmps", "srt"].contains(scheme ?? ""), URLComponents(string: url)?.host?.isEmpty == false else {
                throw .invalid("url", "must be an rtmp://, rtmps:// or srt:// address")
            }
            streamKey = try fields.requiredString("streamKey")
            enabled = try fields.bool("enabled") ?? true
        } catch {
            throw CloudflareError.invalid(error)
        }
        let key = request.idempotencyKey
        let output = try await state.store.access { states, context in
            try states.cloudflare.createOutput(
                liveInput: uid, url: url, streamKey: streamKey, enabled: enabled, idempotencyKey: key, context: &context
            )
        }
        return CloudflareEnvelope.response(output)
    }

    @Sendable func update(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let uid = try context.parameters.require("live_input_identifier")
        let id = try context.parameters.require("output_identifier")
        let fields = try await request.cloudflareFields(limit: bodyLimit)
        let enabled: Bool
        do throws(FieldProblem) {
            if let immutable = ["url", "streamKey"].first(where: fields.contains) {
                throw .invalid(immutable, "cannot be changed; delete the output and create a new one")
            }
            guard let value = try fields.bool("enabled") else { throw .missing("enabled") }
            enabled = value
        } catch {
            throw CloudflareError.invalid(error)
        }
        let output = try await state.store.access { states, _ in
            try states.cloudflare.setOutputEnabled(liveInput: uid, output: id, enabled)
        }
        return CloudflareEnvelope.response(output)
    }

    @Sendable func delete(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let uid = try context.parameters.require("live_input_identifier")
        let id = try context.parameters.require("output_identifier")
        try await state.store.access { states, _ in try states.cloudflare.deleteOutput(liveInput: uid, output: id) }
        return CloudflareEnvelope<JSONValue>.response(nil)
    }
}
