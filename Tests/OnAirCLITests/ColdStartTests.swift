import Foundation
import Testing

/// The first provider calls of a process arriving at once, on the default `local` profile: the
/// built-in emulator starts once and every call succeeds. (`scripts/rounds` runs the same fixture
/// 100 times against the release binary.)
@Suite struct ColdStartTests {
    static let fixture = CLI.packageRoot + "/Tests/Fixtures/rounds/cold-start.lua"

    @Test(arguments: [20, 60, 100])
    func concurrentFirstCallsAcrossTheFourProvidersAllSucceed(_ calls: Int) throws {
        for _ in 0..<4 {
            let outcome = try CLI.run(["run", Self.fixture, "--set", "n=\(calls)"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let each = calls / 4
            #expect(outcome.stdout == "cloudflare \(each)\nsignalwire \(each)\n100ms \(each)\ngjirafa \(each)\n", "\(outcome.stderr)")
            #expect(outcome.stderr.components(separatedBy: "uses the built-in emulator").count - 1 == 1, "\(outcome.stderr)")
        }
    }

    /// A provider sent elsewhere does not start the built-in emulator: here every provider goes to a
    /// shared `onair emulator`, so the notice never appears and the resources are found there.
    @Test func providersSentElsewhereDoNotStartTheBuiltInEmulator() throws {
        let emulator = try ExternalEmulator()
        defer { emulator.stop() }
        let outcome = try CLI.run(["run", Self.fixture, "--set", "n=40"], environment: emulator.environment)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("built-in emulator"), "\(outcome.stderr)")
        #expect(try emulator.liveInputCount() == 10)
    }
}
