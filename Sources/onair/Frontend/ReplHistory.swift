import CEditLine
import OnAirLua
#if canImport(Glibc)
import Glibc
#endif

/// REPL history kept across sessions in `$XDG_STATE_HOME/onair/history` (else
/// `~/.local/state/onair/history`), written after every line so nothing is lost on a crash.
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
        onair_editline_history_limit(1000)
        _ = read_history(path)
    }

    func add(_ line: String) {
        add_history(line)
        _ = write_history(path)
    }

    func recent(_ count: Int) -> [String] {
        guard let bytes = LuaFiles.read(path) else { return [] }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        return Array(lines.filter { !$0.hasPrefix("_HiStOrY_V2_") }.suffix(count)).map(Self.decode)
    }

    /// libedit stores some characters escaped (`\040` for a space).
    static func decode(_ line: String) -> String {
        var result = ""
        var index = line.startIndex
        while index < line.endIndex {
            if line[index] == "\\", let end = line.index(index, offsetBy: 4, limitedBy: line.endIndex),
                let code = UInt8(line[line.index(after: index)..<end], radix: 8)
            {
                result.append(Character(UnicodeScalar(code)))
                index = end
            } else {
                result.append(line[index])
                index = line.index(after: index)
            }
        }
        return result
    }
}
