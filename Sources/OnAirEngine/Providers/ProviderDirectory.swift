import OnAirLua
import OnAirProviders
import Synchronization

/// The clients of one profile, built once and shared by every script of an engine (one HTTP
/// client, connection reuse, one 100ms token cache).
public final class ProviderDirectory: Sendable {
    public let profile: Profile
    let signalwire: SignalWireClient?
    let hms: HMSClient?
    let cloudflare: CloudflareClient?
    let gjirafa: GjirafaClient?
    private let notice: @Sendable (String) -> Void
    private let announced: Announcement
    /// The ledger of the playbook run these bindings belong to; nil for plain scripts.
    let recorder: (any ResourceRecorder)?

    /// `notice` receives, once, the line saying that calls go to the built-in emulator (which the
    /// transport's `readiness` starts, on the first request to an emulated provider).
    public init(profile: Profile, transport: ProviderTransport, notice: @escaping @Sendable (String) -> Void) {
        self.profile = profile
        signalwire = profile.signalwire.map { SignalWireClient(configuration: $0, transport: transport) }
        hms = profile.hms.map { HMSClient(configuration: $0, transport: transport) }
        cloudflare = profile.cloudflare.map { CloudflareClient(configuration: $0, transport: transport) }
        gjirafa = profile.gjirafa.map { GjirafaClient(configuration: $0, transport: transport) }
        self.notice = notice
        announced = Announcement()
        recorder = nil
    }

    private init(sharing other: ProviderDirectory, recorder: any ResourceRecorder) {
        profile = other.profile
        signalwire = other.signalwire
        hms = other.hms
        cloudflare = other.cloudflare
        gjirafa = other.gjirafa
        notice = other.notice
        announced = other.announced
        self.recorder = recorder
    }

    /// The same clients, with every resource a binding creates reported to `recorder` (a run's
    /// ledger).
    public func recording(into recorder: any ResourceRecorder) -> ProviderDirectory {
        ProviderDirectory(sharing: self, recorder: recorder)
    }

    func signalwire(_ operation: String) throws -> SignalWireClient {
        try available(signalwire, .signalwire, operation)
    }

    func hms(_ operation: String) throws -> HMSClient { try available(hms, .hms, operation) }

    func cloudflare(_ operation: String) throws -> CloudflareClient {
        try available(cloudflare, .cloudflare, operation)
    }

    func gjirafa(_ operation: String) throws -> GjirafaClient { try available(gjirafa, .gjirafa, operation) }

    private func available<Client>(_ client: Client?, _ provider: ProviderName, _ operation: String) throws -> Client {
        guard let client else {
            let reason = profile.unavailable[provider] ?? "it is not configured"
            throw LuaError(
                LuaError.Kind(rawValue: "unavailable"),
                "\(operation): \(provider) is not available in profile '\(profile.name)': \(reason)",
                binding: operation, fields: ["provider": .text(provider.rawValue)])
        }
        if profile.emulatedProviders.contains(provider), !announced.said.exchange(true, ordering: .relaxed) {
            notice("onair: profile '\(profile.name)' uses the built-in emulator (no real provider is called)")
        }
        return client
    }
}

/// Whether the emulator notice was given, shared by the directories of every run of a process.
private final class Announcement: Sendable {
    let said = Atomic<Bool>(false)
}
