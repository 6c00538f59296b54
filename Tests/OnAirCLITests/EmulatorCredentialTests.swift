import Foundation
import Testing

/// `onair emulator` serves the credentials the providers' SDKs read from the environment, so one
/// shell can drive it with `onair run --profile env`.
@Suite struct EmulatorCredentialTests {
    /// Starts `onair emulator` with `environment` and returns it with the lines it printed up to
    /// the one that names its credentials.
    static func start(environment: [String: String]) throws -> (process: Process, port: Int, banner: String) {
        let port = try ExternalEmulator.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.executable)
        process.arguments = ["emulator", "--port", String(port)]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var banner = ""
        while !banner.contains("credentials:") || !banner.hasSuffix("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner += String(decoding: chunk, as: UTF8.self)
        }
        return (process, port, banner)
    }

    @Test func standardVariablesAreAcceptedAndNamedButNotPrinted() throws {
        let secrets = ["CLOUDFLARE_API_TOKEN": "cf-token-from-the-shell", "CLOUDFLARE_ACCOUNT_ID": "0123456789abcdef0123456789abcdef",
                       "SIGNALWIRE_PROJECT_ID": "p-from-shell", "SIGNALWIRE_API_TOKEN": "PT-from-the-shell",
                       "SIGNALWIRE_SPACE": "unused.example", "HMS_ACCESS_KEY": "hms-key", "HMS_SECRET": "hms-secret-from-shell",
                       "GJIRAFA_API_KEY": "gj-key-from-shell", "GJIRAFA_PROJECT_ID": "gjproj"]
        let (process, port, banner) = try Self.start(environment: secrets)
        defer { process.interrupt(); process.waitUntilExit() }
        #expect(banner.contains("credentials: from CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_API_TOKEN, GJIRAFA_API_KEY, GJIRAFA_PROJECT_ID, HMS_ACCESS_KEY, HMS_SECRET, SIGNALWIRE_API_TOKEN, SIGNALWIRE_PROJECT_ID"), "\(banner)")
        for secret in ["cf-token-from-the-shell", "PT-from-the-shell", "hms-secret-from-shell", "gj-key-from-shell"] {
            #expect(!banner.contains(secret), "\(banner)")
        }
        let base = "http://127.0.0.1:\(port)"
        var environment = secrets
        environment["ONAIR_SIGNALWIRE_BASE_URL"] = base
        environment["ONAIR_HMS_BASE_URL"] = base + "/v2"
        environment["ONAIR_CLOUDFLARE_BASE_URL"] = base + "/client/v4"
        environment["ONAIR_GJIRAFA_BASE_URL"] = base
        let script = try CLI.script("env.lua", """
            print(live_input.create{ meta = { name = "x" } }.uid ~= nil)
            print(room.create{ provider = "signalwire", name = "r1" }.name)
            print(room.create{ provider = "100ms", name = "r2" }.name)
            print(live_video.create{ title = "v", channelId = "c" }.publicId ~= nil)
            """)
        let outcome = try CLI.run(["run", script, "--profile", "env"], environment: environment)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "true\nr1\nr2\ntrue\n", "\(outcome.stderr)")
    }

    @Test func withoutThemTheFixedDefaultsServe() throws {
        let cleared = Dictionary(uniqueKeysWithValues: ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID", "SIGNALWIRE_PROJECT_ID",
            "SIGNALWIRE_API_TOKEN", "HMS_ACCESS_KEY", "HMS_SECRET", "GJIRAFA_API_KEY", "GJIRAFA_PROJECT_ID"].map { ($0, "") })
        let (process, _, banner) = try Self.start(environment: cleared)
        defer { process.interrupt(); process.waitUntilExit() }
        #expect(banner.contains("Bearer onair-emulator-cloudflare-token"), "\(banner)")
        #expect(banner.contains("credentials: the built-in defaults"), "\(banner)")
    }
}
