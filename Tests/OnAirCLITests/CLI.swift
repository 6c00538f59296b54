import Foundation
import Testing

/// Runs the built `onair` binary the way a user does, and reports what they would see.
enum CLI {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var elapsed: Duration
    }

    /// The `onair` executable built next to this test bundle.
    static var executable: String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("onair").path
    }

    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// Runs `onair ARGS` in `directory`; sends SIGINT after `interruptAfter` (or SIGKILL after
    /// `killAfter`) if given.
    static func run(
        _ arguments: [String], in directory: String? = nil, interruptAfter: Duration? = nil, killAfter: Duration? = nil,
        environment: [String: String] = [:]
    ) throws -> Outcome {
        let process = Process()
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? packageRoot)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        var interruptedAt: ContinuousClock.Instant?
        if let after = interruptAfter ?? killAfter {
            Thread.sleep(forTimeInterval: Double(after.components.seconds) + Double(after.components.attoseconds) / 1e18)
            interruptedAt = clock.now
            kill(process.processIdentifier, interruptAfter != nil ? SIGINT : SIGKILL)
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self), elapsed: clock.now - (interruptedAt ?? start))
    }

    /// Writes a script into a fresh folder and returns its path.
    static func script(_ name: String, _ source: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onair-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try source.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}
