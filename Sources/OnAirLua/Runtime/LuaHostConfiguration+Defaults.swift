internal import CLua
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LuaHostConfiguration {
    public static let standardOutput: @Sendable ([UInt8]) -> Void = { bytes in
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    public static let standardErrorLog: @Sendable (LuaLogRecord) -> Void = { record in
        var line = record.level.rawValue
        if let location = record.location { line += " " + location }
        line += " " + record.message
        for (key, value) in record.fields.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(LuaLogRecord.quote(value))"
        }
        writeStandardError(line + "\n")
    }

    public static let systemNow: @Sendable () -> Double = {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    public static let exitProcess: @Sendable (LuaError) -> Void = { error in
        writeStandardError(error.description + "\n")
        _exit(3)
    }

    public static func writeStandardError(_ text: String) {
        var text = text
        text.withUTF8 { buffer in _ = write(2, buffer.baseAddress, buffer.count) }
    }
}

extension LuaLogRecord {
    /// A field value as logfmt writes it: bare when it has no spaces, quoted otherwise.
    static func quote(_ value: LuaValue) -> String {
        let text: String
        switch value {
        case .table: text = JSONCodec.encode(value, pretty: false)
        default: text = value.description
        }
        if !text.isEmpty, !text.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
