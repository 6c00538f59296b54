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
        let port = 20000 + Int.random(in: 0..<20000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: CLI.executable)
        server.arguments = ["emulator", "--port", String(port)]
        server.standardOutput = Pipe()
        server.standardError = Pipe()
        try server.run()
        defer { server.interrupt(); server.waitUntilExit() }
        Thread.sleep(forTimeInterval: 1.5)
        let base = "http://127.0.0.1:\(port)"
        let environment = [
            "ONAIR_SIGNALWIRE_BASE_URL": base, "ONAIR_HMS_BASE_URL": base + "/v2",
            "ONAIR_CLOUDFLARE_BASE_URL": base + "/client/v4", "ONAIR_GJIRAFA_BASE_URL": base,
        ]
        let first = try CLI.run(["run", "examples/signalwire-room-two-destinations.lua"], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(!first.stderr.contains("built-in emulator"), "every provider went to the shared emulator")
        // A second process sees the room the first one created.
        let check = try CLI.script("check.lua", "print(room.get('studio-a', { provider = 'signalwire' }).name)")
        let second = try CLI.run(["run", check], environment: environment)
        #expect(second.stdout == "studio-a\n", "\(second.stderr)")
    }
}
