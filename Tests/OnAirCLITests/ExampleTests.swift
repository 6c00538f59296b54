import Foundation
import Testing

/// Every example runs with no configuration against the built-in emulator, and says so once.
@Suite struct ExampleTests {
    static let providerExamples = [
        "examples/signalwire-room-two-destinations.lua", "examples/signalwire-conference-stream.lua",
        "examples/hms-english-class.lua", "examples/cloudflare-simulcast.lua", "examples/gjirafa-restreams.lua",
    ]

    @Test(arguments: providerExamples)
    func runsOnAFreshMachineWithNoConfiguration(_ example: String) throws {
        let outcome = try CLI.run(["run", example])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let notices = outcome.stderr.components(separatedBy: "uses the built-in emulator").count - 1
        #expect(notices == 1, "\(outcome.stderr)")
    }

    @Test func theSimulcastTogglesOneOutputMidShow() throws {
        let outcome = try CLI.run(["run", "examples/cloudflare-simulcast.lua"])
        #expect(outcome.stdout.contains("twitch paused: a.rtmp.youtube.com on, live-api-s.facebook.com on, live.twitch.tv off"))
        #expect(outcome.stdout.contains("simulcast torn down"))
    }

    @Test func twoProcessesShareOneEmulatorOverHTTP() throws {
        let emulator = try ExternalEmulator()
        defer { emulator.stop() }
        let environment = emulator.environment
        let first = try CLI.run(["run", "examples/signalwire-room-two-destinations.lua"], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(!first.stderr.contains("built-in emulator"), "every provider went to the shared emulator")
        // A second process sees the room the first one created.
        let check = try CLI.script("check.lua", "print(room.get('studio-a', { provider = 'signalwire' }).name)")
        let second = try CLI.run(["run", check], environment: environment)
        #expect(second.stdout == "studio-a\n", "\(second.stderr)")
    }
}
