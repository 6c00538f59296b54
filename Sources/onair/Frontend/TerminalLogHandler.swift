import Logging
import OnAirLua

/// Log lines on standard error: `level location message key=value ...`.
struct TerminalLogHandler: LogHandler {
    let label: String
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = event.level.rawValue
        var fields = metadata.merging(event.metadata ?? [:]) { $1 }
        if let location = fields.removeValue(forKey: "onair.script.location") { line += " \(location)" }
        line += " \(event.message)"
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(TerminalLogHandler.quote("\(value)"))"
        }
        Terminal.writeError(line + "\n")
    }

    static func quote(_ text: String) -> String {
        if !text.isEmpty, !text.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) { return text }
        var escaped = "\""
        for character in text {
            if character == "\"" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped + "\""
    }
}

extension Logger {
    /// Logs a script's `onair.log.*` record with its fields as metadata.
    func log(_ record: LuaLogRecord) {
        var metadata: Logger.Metadata = [:]
        for (key, value) in record.fields {
            switch value {
            case .table: metadata[key] = .string(JSONCodec.encode(value, pretty: false))
            default: metadata[key] = .string(value.description)
            }
        }
        if let location = record.location { metadata["onair.script.location"] = .string(location) }
        let level: Logger.Level
        switch record.level {
        case .debug: level = .debug
        case .info: level = .info
        case .warn: level = .warning
        case .error: level = .error
        }
        log(level: level, "\(record.message)", metadata: metadata)
    }
}
