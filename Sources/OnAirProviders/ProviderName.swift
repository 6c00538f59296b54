/// The providers OnAir drives. The raw value is the name scripts and profiles use.
public enum ProviderName: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case signalwire
    case hms = "100ms"
    case cloudflare
    case gjirafa

    public var description: String { rawValue }
}
