import Foundation
import OnAirEmulator
import Testing

/// Runs `Tests/conformance/emulator_conformance.py` against a live emulator: SignalWire answers
/// validated against the OpenAPI schemas of SignalWire's own pages, and Cloudflare's official
/// Python SDK driven end to end when it is installed.
///
/// Needs `python3` with `pyyaml` and `jsonschema`, and the seed pages (`ONAIR_SEEDS_DIR`, else
/// `shared/seeds` beside the repository); without them the test is reported as skipped.
/// `ONAIR_CONFORMANCE_PYTHON` picks another interpreter, such as a virtualenv's.
@Suite("Conformance against provider sources")
struct ConformanceTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = repository.appendingPathComponent("Tests/conformance/emulator_conformance.py").path
    static let python = ProcessInfo.processInfo.environment["ONAIR_CONFORMANCE_PYTHON"] ?? "python3"
    static let seeds = ProcessInfo.processInfo.environment["ONAIR_SEEDS_DIR"]
        ?? repository.deletingLastPathComponent().appendingPathComponent("shared/seeds").path

    static let isAvailable: Bool = {
        guard FileManager.default.fileExists(atPath: seeds + "/signalwire-conference-streams.txt") else { return false }
        return (try? run([python, "-c", "import yaml, jsonschema"]).status) == 0
    }()

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// CI sets ONAIR_REQUIRE_CONFORMANCE=1: there a missing dependency is a failure, not a skip.
    static let isRequired = ProcessInfo.processInfo.environment["ONAIR_REQUIRE_CONFORMANCE"] == "1"

    @Test(.enabled(if: isAvailable || isRequired, "needs python3 with pyyaml and jsonschema, and the seed pages"))
    func emulatorMatchesPublishedSchemasAndTheOfficialSDK() async throws {
        let server = EmulatorServer()
        let port = try await server.start()
        defer { Task { await server.stop() } }
        let result = try await Task.detached {
            try Self.run([Self.python, Self.script, "http://127.0.0.1:\(port)", Self.seeds])
        }.value
        await server.stop()
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains(" passed, 0 failed"), "\(result.output)")
    }
}
