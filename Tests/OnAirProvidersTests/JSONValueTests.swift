@testable import OnAirProviders
import Testing

@Suite struct JSONValueTests {
    @Test func integersStayIntegers() throws {
        let value = try JSONValue.decode(Array(#"{"id": 42, "big": 9007199254740993, "ratio": 0.5, "whole": 2.0, "exp": 1e3, "neg": -7}"#.utf8))
        #expect(value["id"] == .integer(42))
        #expect(value["big"] == .integer(9_007_199_254_740_993))
        #expect(value["ratio"] == .number(0.5))
        #expect(value["whole"] == .number(2))
        #expect(value["exp"] == .number(1000))
        #expect(value["neg"] == .integer(-7))
        #expect(String(decoding: value.encoded(), as: UTF8.self) == #"{"big":9007199254740993,"exp":1000.0,"id":42,"neg":-7,"ratio":0.5,"whole":2.0}"#)
    }

    @Test func keysAreSortedAndStringsEscaped() {
        let value: JSONValue = ["z": [1, true, nil], "a": "line\nbreak \"quoted\" \\ \u{01} é 🎥"]
        #expect(value.description == #"{"a":"line\nbreak \"quoted\" \\ \u0001 é 🎥","z":[1,true,null]}"#)
    }

    @Test func roundTrip() throws {
        let value: JSONValue = ["nested": ["list": [["a": 1], [], [:]], "flag": false, "text": "x/y"], "pi": 3.25, "none": nil]
        #expect(try JSONValue.decode(value.encoded()) == value)
    }

    @Test func escapesAndSurrogatePairs() throws {
        let value = try JSONValue.decode(Array(#"["\u00e9\ud83c\udfa5", "\/\b\f\t\r"]"#.utf8))
        #expect(value.arrayValue?.first == "é🎥")
        #expect(value.arrayValue?.last == "/\u{08}\u{0C}\t\r")
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "01", "1.", "\"\\x\"", "\"\\ud800\"", "[1] 2", "\"a\nb\""])
    func rejectsInvalidDocuments(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.decode(Array(text.utf8)) }
    }

    @Test func deepNestingIsRefused() {
        let text = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try JSONValue.decode(Array(text.utf8)) }
    }

    @Test func accessors() {
        let value: JSONValue = ["s": "text", "o": ["k": 1], "a": [1], "i": 7, "d": 7.0]
        #expect(value["s"]?.stringValue == "text")
        #expect(value["o"]?.objectValue == ["k": 1])
        #expect(value["a"]?.arrayValue == [1])
        #expect(value["i"]?.identifierString == "7")
        #expect(value["d"]?.integerValue == 7)
        #expect(value["missing"] == nil)
        #expect(JSONValue.string("x")["k"] == nil)
        #expect(JSONValue.number(.infinity).description == "null")
    }
}
