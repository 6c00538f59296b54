import CEditLine
import OnAirLua
#if canImport(Glibc)
import Glibc
#endif

/// REPL history kept across sessions in `$XDG_STATE_HOME/onair/history` (else
/// `~/.local/state/onair/history`).
///
/// Each line is appended to the file as it is entered, so nothing is lost on a crash, and two
/// REPLs open at once (one per pane during a show) both keep their lines: writing the whole
/// in-memory history instead would let the session that wrote last erase the other's lines.
struct ReplHistory {
    let path: String

    init(environment: [String: String]) {
        let home = environment["HOME"] ?? "."
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/state"
        path = state + "/onair/history"
    }

    func load() {
        var directory = ""
        for component in path.split(separator: "/").dropLast() {
            directory += "/" + component
            mkdir(directory, 0o700)
        }
        onair_editline_history_limit(Int32(Self.limit))
        if access(path, F_OK) != 0 {
            // A new file gets libedit's header line, which appending alone would not write.
            _ = write_history(path)
        } else {
            _ = history_truncate_file(path, Int32(Self.limit))
        }
        _ = read_history(path)
    }

    /// Lines kept, in memory and in the file (the file is cut back to this many on start).
    static let limit = 1000

    func add(_ line: String) {
        add_history(line)
        // One write(2) of one encoded line with O_APPEND: lines of REPLs open at once interleave
        // whole. (libedit's own append_history writes one entry too many on this system.)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let record = Self.encode(line) + [UInt8(ascii: "\n")]
        _ = record.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    /// A line as libedit stores it: spaces, control characters, backslashes and non-ASCII bytes
    /// as three-digit octal escapes (`\040`), which its reader turns back into the bytes.
    static func encode(_ line: String) -> [UInt8] {
        var encoded: [UInt8] = []
        for byte in line.utf8 {
            if byte > 0x20, byte < 0x7f, byte != UInt8(ascii: "\\") {
                encoded.append(byte)
            } else {
                encoded.append(UInt8(ascii: "\\"))
                encoded.append(contentsOf: String(byte, radix: 8).leftPadded(to: 3).utf8)
            }
        }
        return encoded
    }

    func recent(_ count: Int) -> [String] {
        guard let bytes = LuaFiles.read(path) else { return [] }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        return Array(lines.filter { !$0.hasPrefix("_HiStOrY_V2_") }.suffix(count)).map(Self.decode)
    }

    /// libedit stores some characters escaped (`\040` for a space).
    static func decode(_ line: String) -> String {
        let bytes = Array(line.utf8)
        var decoded: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\"), index + 3 < bytes.count,
                let code = UInt8(String(decoding: bytes[(index + 1)...(index + 3)], as: UTF8.self), radix: 8)
            {
                decoded.append(code)
                index += 4
            } else {
                decoded.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
