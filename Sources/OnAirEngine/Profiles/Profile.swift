import OnAirProviders

/// Where each provider is reached, and with which credentials, for one named profile.
///
/// A provider left unconfigured (its credentials missing from the environment) is unavailable:
/// using it is an error that names what to set.
public struct Profile: Sendable {
    public var name: String
    public var signalwire: SignalWireClient.Configuration?
    public var hms: HMSClient.Configuration?
    public var cloudflare: CloudflareClient.Configuration?
    public var gjirafa: GjirafaClient.Configuration?
    /// Why each unconfigured provider is unavailable ("set CLOUDFLARE_API_TOKEN and ...").
    public var unavailable: [ProviderName: String]
    /// The provider a binding uses when a script names none (`room` → signalwire).
    public var defaultProviders: [String: ProviderName]
    /// Base URLs served by the built-in emulator, so the engine can say once that it uses it.
    public var emulatedProviders: Set<ProviderName>

    public init(
        name: String, signalwire: SignalWireClient.Configuration? = nil, hms: HMSClient.Configuration? = nil,
        cloudflare: CloudflareClient.Configuration? = nil, gjirafa: GjirafaClient.Configuration? = nil,
        unavailable: [ProviderName: String] = [:], defaultProviders: [String: ProviderName] = [:],
        emulatedProviders: Set<ProviderName> = []
    ) {
        self.name = name
        self.signalwire = signalwire
        self.hms = hms
        self.cloudflare = cloudflare
        self.gjirafa = gjirafa
        self.unavailable = unavailable
        self.defaultProviders = defaultProviders
        self.emulatedProviders = emulatedProviders
    }
}
