import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which process is in charge of a run: `host/pid/start`, where `start` is the process's start
/// time in clock ticks since boot (so a recycled pid is not mistaken for the owner).
///
/// A recovering engine takes over only runs whose owner is gone: an `onair run` still running in
/// another terminal keeps its run.
public struct RunOwner: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var pid: Int32
    public var start: String

    public static let current = RunOwner(host: hostName(), pid: getpid(), start: startTime(of: getpid()) ?? "?")

    public var description: String { "\(host)/\(pid)/\(start)" }

    public init(host: String, pid: Int32, start: String) {
        self.host = host
        self.pid = pid
        self.start = start
    }

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, let pid = Int32(parts[1]) else { return nil }
        self.init(host: String(parts[0]), pid: pid, start: String(parts[2]))
    }

    /// Whether the owner is still running. Owners on another host are assumed alive (they must
    /// be recovered through leases, not from here).
    public var isAlive: Bool {
        guard host == Self.hostName() else { return true }
        return Self.startTime(of: pid) == start
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        return String(cString: buffer)
    }

    /// Field 22 of /proc/PID/stat; nil for a process that is gone or has exited (a zombie
    /// waiting to be reaped runs nothing any more).
    static func startTime(of pid: Int32) -> String? {
        // No readable stat file means no such process: exactly the answer wanted.
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, fields[0] != "Z", fields[0] != "X" else { return nil }
        return String(fields[19])
    }
}
