/// Where the durable state lives: `--store`, else `ONAIR_STORE`, else a SQLite file under
/// `$XDG_DATA_HOME/onair/` (`~/.local/share/onair/onair.sqlite`). A `postgres://` URL selects the
/// PostgreSQL backend.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    public static func resolve(option: String?, environment: [String: String]) -> StoreLocation {
        if let given = option ?? environment["ONAIR_STORE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            return given.hasPrefix("postgres://") || given.hasPrefix("postgresql://") ? .postgres(url: given) : .sqlite(path: given)
        }
        let home = environment["HOME"] ?? "."
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/share"
        return .sqlite(path: data + "/onair/onair.sqlite")
    }

    public var description: String {
        switch self {
        case .sqlite(let path):
            return "sqlite:\(path)"
        case .postgres(let url):
            // Never show a password: keep scheme, host and database.
            guard let at = url.lastIndex(of: "@"), let colon = url.firstIndex(of: ":") else { return url }
            return String(url[...colon]) + "//…@" + url[url.index(after: at)...]
        }
    }
}
