/// JSON text ⇄ `LuaValue`, written for scripts: object keys are sorted so output is stable, empty
/// tables keep the shape they were given, and JSON null is kept as `.null` (`json.null` in Lua).
public enum JSONCodec {
    // MARK: Encoding

    public static func encode(_ value: LuaValue, pretty: Bool) -> String {
        (try? encodeChecked(value, pretty: pretty)) ?? "null"
    }

    public static func encodeChecked(_ value: LuaValue, pretty: Bool, maxDepth: Int = 100) throws(LuaError) -> String {
        var out = ""
        try write(value, into: &out, pretty: pretty, indent: 0, depth: 0, maxDepth: maxDepth, path: "")
        return out
    }

    private static func write(
        _ value: LuaValue, into out: inout String, pretty: Bool, indent: Int, depth: Int, maxDepth: Int, path: String
    ) throws(LuaError) {
        guard depth <= maxDepth else { throw LuaError(.invalid, "nesting deeper than \(maxDepth) levels at \(where_(path))") }
        switch value {
        case .nil, .null: out += "null"
        case .boolean(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .number(let d):
            guard d.isFinite else { throw LuaError(.invalid, "cannot encode \(LuaValue.format(d)) at \(where_(path)) (JSON has no NaN or infinity)") }
            if d == d.rounded(), abs(d) < 1e15 { out += String(Int64(d)) + ".0" } else { out += "\(d)" }
        case .string(let s):
            guard let text = s.text else { throw LuaError(.invalid, "string at \(where_(path)) is not valid UTF-8") }
            writeString(text, into: &out)
        case .table(let table):
            let newline = pretty ? "\n" + String(repeating: "  ", count: indent + 1) : ""
            let closing = pretty ? "\n" + String(repeating: "  ", count: indent) : ""
            if table.isArray {
                if table.array.isEmpty { out += "[]"; return }
                out += "["
                for (offset, element) in table.array.enumerated() {
                    if offset > 0 { out += "," }
                    out += newline
                    try write(element, into: &out, pretty: pretty, indent: indent + 1, depth: depth + 1, maxDepth: maxDepth, path: path + "[\(offset + 1)]")
                }
                out += closing + "]"
                return
            }
            var entries: [(String, LuaValue)] = []
            for (offset, element) in table.array.enumerated() { entries.append((String(offset + 1), element)) }
            for (key, element) in table.fields {
                switch key {
                case .string(let s):
                    guard let text = s.text else { throw LuaError(.invalid, "a key at \(where_(path)) is not valid UTF-8") }
                    entries.append((text, element))
                case .integer(let i): entries.append((String(i), element))
                case .number(let d): entries.append((LuaValue.format(d), element))
                default: throw LuaError(.invalid, "cannot encode a \(key.typeName) key at \(where_(path))")
                }
            }
            if entries.isEmpty { out += "{}"; return }
            entries.sort { $0.0 < $1.0 }
            out += "{"
            for (offset, (key, element)) in entries.enumerated() {
                if offset > 0 { out += "," }
                out += newline
                writeString(key, into: &out)
                out += pretty ? ": " : ":"
                try write(element, into: &out, pretty: pretty, indent: indent + 1, depth: depth + 1, maxDepth: maxDepth, path: path.isEmpty ? key : path + "." + key)
            }
            out += closing + "}"
        }
    }

    private static func where_(_ path: String) -> String { path.isEmpty ? "the top level" : path }

    private static func writeString(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    // MARK: Decoding

    public static func decode(_ text: [UInt8], maxDepth: Int = 100) throws(LuaError) -> LuaValue {
        var parser = Parser(bytes: text, maxDepth: maxDepth)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == parser.bytes.count else { throw parser.failure("unexpected text after the JSON value") }
        return value
    }

    struct Parser {
        let bytes: [UInt8]
        let maxDepth: Int
        var position = 0

        init(bytes: [UInt8], maxDepth: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
        }

        func failure(_ message: String) -> LuaError {
            var line = 1
            var column = 1
            for byte in bytes[..<min(position, bytes.count)] {
                if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
            }
            return LuaError(.invalid, "\(message) at line \(line), column \(column)")
        }

        mutating func skipWhitespace() {
            while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
        }

        mutating func parseValue(depth: Int) throws(LuaError) -> LuaValue {
            guard depth <= maxDepth else { throw failure("nesting deeper than \(maxDepth) levels") }
            guard position < bytes.count else { throw failure("unexpected end of input") }
            switch bytes[position] {
            case UInt8(ascii: "{"): return try parseObject(depth: depth)
            case UInt8(ascii: "["): return try parseArray(depth: depth)
            case UInt8(ascii: "\""): return .string(LuaString(try parseString()))
            case UInt8(ascii: "t"): try expect("true"); return .boolean(true)
            case UInt8(ascii: "f"): try expect("false"); return .boolean(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            default: return try parseNumber()
            }
        }

        mutating func expect(_ word: String) throws(LuaError) {
            let expected = Array(word.utf8)
            guard position + expected.count <= bytes.count, Array(bytes[position..<position + expected.count]) == expected else {
                throw failure("invalid value")
            }
            position += expected.count
        }

        mutating func parseObject(depth: Int) throws(LuaError) -> LuaValue {
            position += 1
            var table = LuaTable(shape: .object)
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .table(table) }
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a string key") }
                let key = try parseString()
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure("expected ':'") }
                position += 1
                skipWhitespace()
                table.fields[.text(key)] = try parseValue(depth: depth + 1)
                skipWhitespace()
                guard position < bytes.count else { throw failure("unexpected end of input in an object") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "}") { position += 1; return .table(table) }
                throw failure("expected ',' or '}'")
            }
        }

        mutating func parseArray(depth: Int) throws(LuaError) -> LuaValue {
            position += 1
            var table = LuaTable(shape: .array)
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .table(table) }
            while true {
                skipWhitespace()
                table.array.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                guard position < bytes.count else { throw failure("unexpected end of input in an array") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return .table(table) }
                throw failure("expected ',' or ']'")
            }
        }

        mutating func parseHex4() throws(LuaError) -> UInt32 {
            guard position + 4 <= bytes.count else { throw failure("incomplete \\u escape") }
            var value: UInt32 = 0
            for byte in bytes[position..<position + 4] {
                guard let digit = UInt8(ascii: "0")...UInt8(ascii: "9") ~= byte ? UInt32(byte - 48)
                    : (UInt8(ascii: "a")...UInt8(ascii: "f") ~= byte ? UInt32(byte - 87)
                    : (UInt8(ascii: "A")...UInt8(ascii: "F") ~= byte ? UInt32(byte - 55) : nil))
                else { throw failure("invalid \\u escape") }
                value = value * 16 + digit
            }
            position += 4
            return value
        }

        mutating func parseString() throws(LuaError) -> String {
            position += 1
            var scalars = String.UnicodeScalarView()
            var run: [UInt8] = []
            func flush() {
                if !run.isEmpty { scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars); run.removeAll() }
            }
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    guard String(validating: run, as: UTF8.self) != nil || run.isEmpty else { throw failure("invalid UTF-8 in a string") }
                    flush()
                    return String(scalars)
                }
                if byte < 0x20 { throw failure("control character in a string") }
                if byte != UInt8(ascii: "\\") { run.append(byte); position += 1; continue }
                guard String(validating: run, as: UTF8.self) != nil || run.isEmpty else { throw failure("invalid UTF-8 in a string") }
                flush()
                position += 1
                guard position < bytes.count else { break }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code = try parseHex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                            throw failure("unpaired surrogate in \\u escape")
                        }
                        position += 2
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw failure("unpaired surrogate in \\u escape") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw failure("invalid \\u escape") }
                    scalars.append(scalar)
                default: throw failure("invalid escape")
                }
            }
            throw failure("unterminated string")
        }

        mutating func parseNumber() throws(LuaError) -> LuaValue {
            let start = position
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
            var isInteger = true
            while position < bytes.count {
                let byte = bytes[position]
                if UInt8(ascii: "0")...UInt8(ascii: "9") ~= byte { position += 1; continue }
                if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                    || ((byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")) && position > start)
                {
                    isInteger = false
                    position += 1
                    continue
                }
                break
            }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            guard !text.isEmpty, text != "-" else { throw failure("invalid value") }
            if isInteger, let integer = Int64(text) { return .integer(integer) }
            guard let double = Double(text), text.first != "." else { throw failure("invalid number") }
            return .number(double)
        }
    }
}
