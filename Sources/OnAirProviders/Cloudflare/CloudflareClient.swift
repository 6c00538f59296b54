import Foundation
import NIOHTTP1

/// Cloudflare Stream live inputs and their outputs (simulcast destinations), API v4.
///
/// Every answer is the v4 envelope; methods return its `result`. Creates carry an
/// `Idempotency-Key` (one is generated when the caller gives none), so a create whose answer was
/// lost is sent again safely and Cloudflare answers with the resource it already made.
public struct CloudflareClient: Sendable {
    public let configuration: Configuration
    let core: ClientCore<CloudflareDialect>

    public init(configuration: Configuration, transport: ProviderTransport) {
        self.configuration = configuration
        self.core = ClientCore(
            transport: transport,
            dialect: CloudflareDialect(apiToken: configuration.apiToken),
            baseURL: configuration.baseURL,
            requestTimeout: configuration.requestTimeout,
            retry: configuration.retry
        )
    }

    private var liveInputs: [String] { ["accounts", configuration.accountID, "stream", "live_inputs"] }

    // MARK: Live inputs

    /// `POST .../live_inputs`. Body fields are Cloudflare's (`meta`, `recording`,
    /// `deleteRecordingAfterDays`, `enabled`, `preferLowLatency`, `defaultCreator`); `.null`
    /// sends `{}`. Pass the same `idempotencyKey` when repeating a create across process
    /// restarts (the engine uses its step's key).
    public func createLiveInput(_ body: JSONValue, idempotencyKey: String? = nil) async throws -> JSONValue {
        let answer = try await core.send(
            "create_live_input", .POST, liveInputs, body: body == .null ? [:] : body,
            headers: Self.idempotencyHeaders(idempotencyKey), replay: .safe
        )
        return try result(answer, "create_live_input")
    }

    /// The live input with its ingest credentials (`rtmps`, `srt`, `webRTC`).
    public func getLiveInput(_ uid: String) async throws -> JSONValue {
        try result(try await core.send("get_live_input", .GET, liveInputs + [uid]), "get_live_input")
    }

    /// `result.liveInputs`: summaries without credentials. Cloudflare returns them in one page
    /// (the result carries `range` and `total`, and no cursor).
    public func listLiveInputs() async throws -> [JSONValue] {
        let listing = try result(try await core.send("list_live_inputs", .GET, liveInputs), "list_live_inputs")
        guard let inputs = listing["liveInputs"]?.arrayValue ?? listing.arrayValue else {
            throw core.unexpected("list_live_inputs", "no liveInputs array")
        }
        return inputs
    }

    /// `PUT .../live_inputs/{uid}`.
    public func updateLiveInput(_ uid: String, _ body: JSONValue) async throws -> JSONValue {
        try result(try await core.send("update_live_input", .PUT, liveInputs + [uid], body: body), "update_live_input")
    }

    public func deleteLiveInput(_ uid: String) async throws {
        _ = try await core.send("delete_live_input", .DELETE, liveInputs + [uid])
    }

    /// `POST .../live_inputs/{uid}/enable`; setting a state is safe to repeat.
    public func enableLiveInput(_ uid: String) async throws -> JSONValue {
        try result(try await core.send("enable_live_input", .POST, liveInputs + [uid, "enable"], replay: .safe), "enable_live_input")
    }

    /// `POST .../live_inputs/{uid}/disable`.
    public func disableLiveInput(_ uid: String) async throws -> JSONValue {
        try result(try await core.send("disable_live_input", .POST, liveInputs + [uid, "disable"], replay: .safe), "disable_live_input")
    }

    /// `POST .../live_inputs/{uid}/rotate_keys`. Retried like a PUT: if the first rotation's
    /// answer was lost, its keys are unknown anyway, and the keys of the rotation that answers
    /// are the ones that work.
    public func rotateLiveInputKeys(_ uid: String) async throws -> JSONValue {
        try result(try await core.send("rotate_live_input_keys", .POST, liveInputs + [uid, "rotate_keys"], replay: .safe), "rotate_live_input_keys")
    }

    // MARK: Outputs

    /// The outputs of a live input (one page; `result` is the array).
    public func listOutputs(liveInputUID: String) async throws -> [JSONValue] {
        let answer = try result(try await core.send("list_outputs", .GET, liveInputs + [liveInputUID, "outputs"]), "list_outputs")
        if answer == .null { return [] }
        guard let outputs = answer.arrayValue else { throw core.unexpected("list_outputs", "result is not an array") }
        return outputs
    }

    /// `POST .../outputs` with `url`, `streamKey` and optionally `enabled` (default true).
    public func createOutput(liveInputUID: String, _ body: JSONValue, idempotencyKey: String? = nil) async throws -> JSONValue {
        let answer = try await core.send(
            "create_output", .POST, liveInputs + [liveInputUID, "outputs"], body: body,
            headers: Self.idempotencyHeaders(idempotencyKey), replay: .safe
        )
        return try result(answer, "create_output")
    }

    /// `PUT .../outputs/{uid}`: only `enabled` can change; a new destination is a new output.
    public func updateOutput(liveInputUID: String, outputUID: String, _ body: JSONValue) async throws -> JSONValue {
        try result(try await core.send("update_output", .PUT, liveInputs + [liveInputUID, "outputs", outputUID], body: body), "update_output")
    }

    public func deleteOutput(liveInputUID: String, outputUID: String) async throws {
        _ = try await core.send("delete_output", .DELETE, liveInputs + [liveInputUID, "outputs", outputUID])
    }

    // MARK: Envelope

    static func idempotencyHeaders(_ key: String?) -> HTTPHeaders {
        let key = key.flatMap { $0.isEmpty ? nil : $0 } ?? UUID().uuidString.lowercased()
        return ["Idempotency-Key": key]
    }

    /// The envelope's `result`; a 2xx envelope that reports `success: false` is an error too.
    private func result(_ envelope: JSONValue, _ operation: String) throws(ProviderError) -> JSONValue {
        guard case .object(let members) = envelope else {
            throw core.unexpected(operation, "not a Cloudflare envelope")
        }
        if members["success"] == .bool(false) {
            let (message, details) = core.dialect.describeFailure(status: 200, body: envelope)
            throw ProviderError(
                kind: .invalid, provider: .cloudflare, operation: operation, status: 200,
                message: SecretRedactor(secrets: core.dialect.secrets).scrub(message.isEmpty ? "the request did not succeed" : message),
                details: details
            )
        }
        return members["result"] ?? .null
    }
}
