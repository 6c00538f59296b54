/// The four providers' states side by side, so that one store call can read or change any of them
/// and a reset replaces all of them at once.
struct ProviderStates: Sendable {
    var signalWire = SignalWireState()
    var hms = HMSState()
    var cloudflare = CloudflareState()
    var gjirafa = GjirafaState()
}
