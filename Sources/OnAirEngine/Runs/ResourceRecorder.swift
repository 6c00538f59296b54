import Foundation
import OnAirLua
import OnAirProviders

/// A resource a binding has just created, as the ledger needs it to tear it down later.
public struct CreatedResource: Sendable, Hashable {
    public var provider: ProviderName
    /// The `kind` scripts see: `room`, `conference`, `stream`, `live_input`, `output`, `live_video`, `restream`.
    public var kind: String
    public var providerID: String
    /// What the provider needs beside the id to address it (an output's live input, a 100ms
    /// stream's room, a restream's video).
    public var parentIDs: [String]
    /// The object as the script received it, JSON.
    public var details: String
    /// Created with `keep = true`: outlives its run.
    public var keep: Bool

    /// Whether it streams to somewhere (and is billed while live): such resources get a stop
    /// obligation of their own, independent of the run.
    public var isOutput: Bool {
        switch (provider, kind) {
        case (.cloudflare, "output"), (_, "stream"), (.gjirafa, "restream"), (.gjirafa, "live_video"): true
        default: false
        }
    }

    /// Reads what the ledger needs from a binding's result (`provider`, `kind` and the id field
    /// the provider uses).
    static func from(_ value: LuaValue, keep: Bool) -> CreatedResource? {
        guard case .table(let table) = value,
            let providerName = table["provider"]?.stringValue, let provider = ProviderName(rawValue: providerName),
            let kind = table["kind"]?.stringValue, let id = ResourceTarget.id(of: table, provider: provider)
        else { return nil }
        func text(_ key: String) -> String? {
            switch table[key] {
            case .string(let s)?: s.description
            case .integer(let i)?: String(i)
            default: nil
            }
        }
        let parents: [String?] = switch (provider, kind) {
        case (.cloudflare, "output"): [text("live_input")]
        case (.hms, "stream"): [text("room_id")]
        case (.gjirafa, "restream"): [text("videoId")]
        default: []
        }
        // Details are the object for display and `:undo`; what teardown needs is in the id and
        // parents, so an object that does not encode is still recorded (as `{}`), never dropped.
        let details = (try? ValueBridge.json(value, path: "result")).map { String(decoding: $0.encoded(), as: UTF8.self) } ?? "{}"
        return CreatedResource(
            provider: provider, kind: kind, providerID: id, parentIDs: parents.compactMap { $0 }, details: details, keep: keep)
    }
}

/// Where a run's bindings report what they create. A playbook run records every resource in
/// its ledger before the script sees it; plain scripts have no recorder and keep what they create.
public protocol ResourceRecorder: Sendable {
    /// The idempotency key for a create inside the current step, derived from the step's key and
    /// what is being created, so the same create after a crash carries the same key. Nil outside
    /// a step (the client then makes one up for its own retries).
    func idempotencyKey(operation: String, fingerprint: String) -> String?
    /// Records the resource durably. Throws if it cannot: the script must not go on with a
    /// resource nobody would tear down.
    func record(_ resource: CreatedResource, operation: String) async throws
    /// Journals a keyed create before it is sent (`request` is what sending it again needs), so
    /// that a crash before `record` cannot lose what the provider created.
    func intend(operation: String, idempotencyKey: String, request: JSONValue, keep: Bool) async throws
    /// The create's resource is recorded, or the create failed: nothing is left to find.
    func resolve(idempotencyKey: String) async
}
