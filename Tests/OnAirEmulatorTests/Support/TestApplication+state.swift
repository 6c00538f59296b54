import Hummingbird
@testable import OnAirEmulator

/// An application around a given state, so two test runs (two connections) share resources.
func buildTestApplication(state: EmulatorState) -> some ApplicationProtocol {
    buildApplication(state: state)
}
