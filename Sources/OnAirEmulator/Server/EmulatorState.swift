/// What the router's handlers share: the configuration, the store and the fault injector.
///
/// Built once per application by ``buildApplication(configuration:)``; tests that need to look
/// inside build one themselves and pass it to ``buildRouter(state:)``.
public struct EmulatorState: Sendable {
    public let configuration: EmulatorConfiguration
    let store: EmulatorStore
    let faults: FaultInjector

    public init(configuration: EmulatorConfiguration) {
        self.configuration = configuration
        self.store = EmulatorStore(configuration: configuration)
        self.faults = FaultInjector(plan: configuration.faults)
    }
}
