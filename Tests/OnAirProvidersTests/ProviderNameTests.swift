import OnAirProviders
import Testing

@Suite struct ProviderNameTests {
    @Test func namesAreTheOnesScriptsUse() {
        #expect(ProviderName.allCases.map(\.rawValue) == ["signalwire", "100ms", "cloudflare", "gjirafa"])
        #expect(ProviderName(rawValue: "100ms") == .hms)
    }
}
