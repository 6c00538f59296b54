import HTTPTypes
import Foundation

/// Everything Cloudflare Stream holds for the emulated account: live inputs, their outputs, and
/// the answers to creates made with an `Idempotency-Key`.
struct CloudflareState: Sendable {
    private(set) var liveInputs = OrderedTable<CloudflareLiveInput>()
    private(set) var outputs: [String: OrderedTable<CloudflareOutput>] = [:]
    /// First answer per idempotency key (scoped by route), replayed for every repeat of the key.
    private var idempotentInputs: [String: CloudflareLiveInput] = [:]
    private var idempotentOutputs: [String: CloudflareOutput] = [:]

    // MARK: Live inputs

    /// Creates a live input; with an idempotency key seen before, returns that create's answer
    /// and creates nothing.
    mutating func createLiveInput(
        _ changes: CloudflareLiveInputChanges,
        idempotencyKey: String?,
        context: inout StoreContext
    ) -> CloudflareLiveInput {
        if let idempotencyKey, let earlier = idempotentInputs[idempotencyKey] {
            return earlier
        }
        let now = Timestamp.milliseconds(context.now)
        let uid = context.ids.hex(32)
        let key = Self.secret(&context.ids)
        let playbackKey = Self.secret(&context.ids)
        let customer = "customer-\(context.ids.hex(16))"
        var input = CloudflareLiveInput(
            uid: uid, created: now, modified: now, meta: [:], deleteRecordingAfterDays: nil, defaultCreator: nil,
            enabled: true, preferLowLatency: false, recording: .init(),
            rtmps: .init(url: "rtmps://live.cloudflare.com:443/live/", streamKey: key),
            rtmpsPlayback: .init(url: "rtmps://live.cloudflare.com:443/live/", streamKey: playbackKey),
            srt: .init(url: "srt://live.cloudflare.com:778", streamId: uid, passphrase: Self.secret(&context.ids)),
            srtPlayback: .init(url: "srt://live.cloudflare.com:778", streamId: "play" + uid, passphrase: Self.secret(&context.ids)),
            webRTC: .init(url: "https://\(customer).cloudflarestream.com/\(key)/webRTC/publish"),
            webRTCPlayback: .init(url: "https://\(customer).cloudflarestream.com/\(uid)/webRTC/play"),
            status: nil, keysRotatedAt: nil
        )
        changes.apply(to: &input)
        liveInputs[uid] = input
        outputs[uid] = OrderedTable()
        if let idempotencyKey { idempotentInputs[idempotencyKey] = input }
        return input
    }

    /// Stream keys and SRT passphrases look like `<32 hex>k<32 hex>`.
    private static func secret(_ ids: inout IdentifierGenerator) -> String {
        ids.hex(32) + "k" + ids.hex(32)
    }

    func liveInput(uid: String) throws(CloudflareError) -> CloudflareLiveInput {
        guard let input = liveInputs[uid] else { throw .liveInputNotFound }
        return input
    }

    mutating func updateLiveInput(uid: String, _ changes: CloudflareLiveInputChanges, now: Date) throws(CloudflareError) -> CloudflareLiveInput {
        try modify(uid: uid, now: now) { changes.apply(to: &$0) }
    }

    mutating func setEnabled(uid: String, _ enabled: Bool, now: Date) throws(CloudflareError) -> CloudflareLiveInput {
        try modify(uid: uid, now: now) { $0.enabled = enabled }
    }

    /// The connection states Cloudflare reports in `status`; `nil` is no encoder yet.
    static let connectionStatuses: Set<String> = [
        "connected", "reconnected", "reconnecting", "client_disconnect", "ttl_exceeded", "failed_to_connect",
        "failed_to_reconnect", "new_configuration_accepted",
    ]

    /// What an encoder connecting or dropping does; driven through the control API.
    mutating func setStatus(uid: String, _ status: String?, now: Date) throws(CloudflareError) -> CloudflareLiveInput {
        try modify(uid: uid, now: now) { $0.status = status }
    }

    /// New RTMPS stream key and SRT passphrase; the old ones stop working.
    mutating func rotateKeys(uid: String, context: inout StoreContext) throws(CloudflareError) -> CloudflareLiveInput {
        let key = Self.secret(&context.ids)
        let passphrase = Self.secret(&context.ids)
        let now = Timestamp.milliseconds(context.now)
        return try modify(uid: uid, now: context.now) { input in
            let oldKey = input.rtmps.streamKey
            input.rtmps.streamKey = key
            input.srt.passphrase = passphrase
            input.webRTC.url = input.webRTC.url.replacingOccurrences(of: oldKey, with: key)
            input.keysRotatedAt = now
        }
    }

    private mutating func modify(
        uid: String,
        now: Date,
        _ change: (inout CloudflareLiveInput) -> Void
    ) throws(CloudflareError) -> CloudflareLiveInput {
        guard var input = liveInputs[uid] else { throw .liveInputNotFound }
        change(&input)
        input.modified = Timestamp.milliseconds(now)
        liveInputs[uid] = input
        return input
    }

    /// Deleting an input removes its outputs with it.
    mutating func deleteLiveInput(uid: String) throws(CloudflareError) {
        guard liveInputs[uid] != nil else { throw .liveInputNotFound }
        liveInputs[uid] = nil
        outputs[uid] = nil
    }

    // MARK: Outputs

    mutating func createOutput(
        liveInput uid: String,
        url: String,
        streamKey: String,
        enabled: Bool,
        idempotencyKey: String?,
        context: inout StoreContext
    ) throws(CloudflareError) -> CloudflareOutput {
        guard liveInputs[uid] != nil else { throw .liveInputNotFound }
        let scopedKey = idempotencyKey.map { "\(uid)/\($0)" }
        if let scopedKey, let earlier = idempotentOutputs[scopedKey] {
            return earlier
        }
        let limit = context.configuration.limits.cloudflareOutputsPerLiveInput
        guard (outputs[uid]?.count ?? 0) < limit else {
            throw CloudflareError(status: .badRequest, code: 10005, message: "Bad Request: a live input can have at most \(limit) outputs")
        }
        let output = CloudflareOutput(uid: context.ids.hex(32), url: url, streamKey: streamKey, enabled: enabled)
        outputs[uid, default: OrderedTable()][output.uid] = output
        if let scopedKey { idempotentOutputs[scopedKey] = output }
        return output
    }

    func outputs(liveInput uid: String) throws(CloudflareError) -> [CloudflareOutput] {
        guard let table = outputs[uid], liveInputs[uid] != nil else { throw .liveInputNotFound }
        return table.all
    }

    mutating func setOutputEnabled(liveInput uid: String, output id: String, _ enabled: Bool) throws(CloudflareError) -> CloudflareOutput {
        guard liveInputs[uid] != nil else { throw .liveInputNotFound }
        guard var output = outputs[uid]?[id] else { throw .outputNotFound }
        output.enabled = enabled
        outputs[uid]?[id] = output
        return output
    }

    mutating func deleteOutput(liveInput uid: String, output id: String) throws(CloudflareError) {
        guard liveInputs[uid] != nil else { throw .liveInputNotFound }
        guard outputs[uid]?[id] != nil else { throw .outputNotFound }
        outputs[uid]?[id] = nil
    }

    // MARK: Inspection

    struct Snapshot: Encodable, Sendable {
        var liveInputs: [CloudflareLiveInput]
        var outputs: [String: [CloudflareOutput]]

        enum CodingKeys: String, CodingKey {
            case liveInputs = "live_inputs"
            case outputs
        }
    }

    var snapshot: Snapshot {
        Snapshot(liveInputs: liveInputs.all, outputs: outputs.mapValues(\.all))
    }
}
