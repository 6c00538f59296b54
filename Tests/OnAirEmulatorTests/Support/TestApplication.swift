import Foundation
import Hummingbird
import HummingbirdTesting
@testable import OnAirEmulator

/// A fixed instant, so timestamps in answers are predictable.
let fixedNow = Date(timeIntervalSince1970: 1_767_268_800)  // 2026-01-01T12:00:00Z

/// Runs `body` against a fresh emulator in `.router` mode (no sockets).
func withEmulator<Value>(
    _ configuration: EmulatorConfiguration = .init(clock: .fixed(fixedNow), randomSeed: 7),
    setup: TestingSetup = .router,
    _ body: @Sendable (any TestClientProtocol) async throws -> Value
) async throws -> Value {
    let app = buildApplication(configuration: configuration)
    return try await app.test(setup, body)
}
