import OnAirEmulator
import Testing

@Suite struct EmulatorConfigurationTests {
    @Test func defaultsListenOnLoopbackWithAnEphemeralPort() {
        let configuration = EmulatorConfiguration()
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 0)
    }
}
