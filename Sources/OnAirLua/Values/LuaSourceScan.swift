/// A light reading of Lua source for checks that do not run it (`onair check`): the names a file
/// reads as `table.field` or `table:method`, with their lines, and the names it declares as locals
/// or parameters. Comments and strings (short and long) are skipped.
///
/// It is not a parser: a name declared local anywhere in the file counts as local everywhere, which
/// errs on the side of saying nothing.
public struct LuaSourceScan: Sendable {
    public struct Access: Sendable, Hashable {
        public var table: String
        public var field: String
        public var line: Int
    }

    public private(set) var accesses: [Access] = []
    public private(set) var locals: Set<String> = []

    public init(_ source: [UInt8]) {
        var tokens: [(text: String, line: Int)] = []
        var index = 0
        var line = 1
        let count = source.count
        func at(_ offset: Int) -> UInt8 { index + offset < count ? source[index + offset] : 0 }
        /// `[[`, `[==[`: the level, or nil when not a long bracket.
        func longBracket() -> Int? {
            guard at(0) == UInt8(ascii: "[") else { return nil }
            var level = 0
            while at(1 + level) == UInt8(ascii: "=") { level += 1 }
            return at(1 + level) == UInt8(ascii: "[") ? level : nil
        }
        func skipLong(_ level: Int) {
            index += level + 2
            while index < count {
                if source[index] == UInt8(ascii: "\n") { line += 1 }
                if source[index] == UInt8(ascii: "]") {
                    var equals = 0
                    while at(1 + equals) == UInt8(ascii: "=") { equals += 1 }
                    if equals == level, at(1 + equals) == UInt8(ascii: "]") {
                        index += level + 2
                        return
                    }
                }
                index += 1
            }
        }
        while index < count {
            let byte = source[index]
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                index += 1
            case UInt8(ascii: "-") where at(1) == UInt8(ascii: "-"):
                index += 2
                if let level = longBracket() {
                    skipLong(level)
                } else {
                    while index < count, source[index] != UInt8(ascii: "\n") { index += 1 }
                }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                index += 1
                while index < count, source[index] != byte {
                    if source[index] == UInt8(ascii: "\\") { index += 1 }
                    if index < count, source[index] == UInt8(ascii: "\n") { line += 1 }
                    index += 1
                }
                index += 1
                tokens.append(("<string>", line))
            case UInt8(ascii: "["):
                if let level = longBracket() {
                    skipLong(level)
                    tokens.append(("<string>", line))
                } else {
                    tokens.append(("[", line))
                    index += 1
                }
            case _ where Self.isNameStart(byte):
                let start = index
                while index < count, Self.isNameStart(source[index]) || (source[index] >= 48 && source[index] <= 57) { index += 1 }
                tokens.append((String(decoding: source[start..<index], as: UTF8.self), line))
            case UInt8(ascii: "."), UInt8(ascii: ":"):
                if at(1) == byte {
                    tokens.append((String(decoding: [byte, byte], as: UTF8.self), line))
                    index += 2
                } else {
                    tokens.append((String(decoding: [byte], as: UTF8.self), line))
                    index += 1
                }
            case 48...57:
                while index < count, Self.isNameStart(source[index]) || (source[index] >= 48 && source[index] <= 57)
                    || source[index] == UInt8(ascii: ".")
                {
                    index += 1
                }
                tokens.append(("<number>", line))
            default:
                if byte > 32 { tokens.append((String(decoding: [byte], as: UTF8.self), line)) }
                index += 1
            }
        }

        // Locals: names after `local` (and `local function`), loop variables after `for`, and
        // the parameters of every `function ... (` .
        enum Reading { case code, declaring, loopVariables, functionName, parameters }
        var reading = Reading.code
        for (position, token) in tokens.enumerated() {
            let text = token.text
            switch reading {
            case .declaring:
                if Self.isName(text) { locals.insert(text); continue }
                if [",", "<", ">"].contains(text) { continue }
                if text == "function" { reading = .functionName; continue }
                reading = .code
            case .loopVariables:
                if Self.isName(text) { locals.insert(text); continue }
                if text == "," { continue }
                reading = .code
            case .functionName:
                if text == "(" { reading = .parameters; continue }
                if Self.isName(text) || text == "." || text == ":" { continue }
                reading = .code
            case .parameters:
                if Self.isName(text) { locals.insert(text); continue }
                if text == "," || text == "..." || text == "." { continue }
                reading = .code
                continue
            case .code:
                break
            }
            switch text {
            case "local": reading = .declaring
            case "for": reading = .loopVariables
            case "function": reading = .functionName
            case ".", ":":
                let previous = position > 0 ? tokens[position - 1].text : ""
                let beforePrevious = position > 1 ? tokens[position - 2].text : ""
                if Self.isName(previous), position + 1 < tokens.count, Self.isName(tokens[position + 1].text),
                    beforePrevious != ".", beforePrevious != ":"
                {
                    accesses.append(Access(table: previous, field: tokens[position + 1].text, line: token.line))
                }
            default: break
            }
        }
    }

    static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95
    }

    static let keywords: Set<String> = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in", "local", "nil", "not",
        "or", "repeat", "return", "then", "true", "until", "while",
    ]

    static func isName(_ text: String) -> Bool {
        guard let first = text.utf8.first, isNameStart(first) else { return false }
        return !keywords.contains(text)
    }
}
