@testable import OnAirLua
import Testing

@Suite struct JSONTests {
    @Test func encodesWithSortedKeysAndOptionalIndentation() async {
        let text = await output("""
            print(json.encode({b = 1, a = {true, false, json.null}, c = "q\\"\\n\\t\\1", d = 1.5, e = 2^53}))
            print(json.encode({x = {1}}, {pretty = true}))
            """)
        #expect(text == """
            {"a":[true,false,null],"b":1,"c":"q\\"\\n\\t\\u0001","d":1.5,"e":9007199254740992.0}
            {
              "x": [
                1
              ]
            }

            """)
    }

    @Test func decodesEveryJSONType() async {
        let text = await output("""
            local v = json.decode('{"s":"\\\\u00e9\\\\ud83c\\\\udfa5","i":-12,"f":1e3,"t":true,"n":null,"a":[1,[2]],"o":{}}')
            print(v.s, math.type(v.i), v.i, math.type(v.f), v.f, v.t, v.n == json.null, v.a[2][1], next(v.o))
            """)
        #expect(text == "é🎥\tinteger\t-12\tfloat\t1000.0\ttrue\ttrue\t2\tnil\n")
    }

    @Test func badInputGivesAPositionedError() async {
        let text = await output("""
            for _, s in ipairs({'{"a":', '[1,]', '"\\\\x"', '01x', 'tru', '{"a" 1}'}) do
              local ok, err = pcall(json.decode, s)
              print(ok, err.kind, (err.message:gsub("^json.decode: ", "")))
            end
            print(pcall(json.encode, 0/0))
            """)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 7)
        #expect(lines[0] == "false\tinvalid\tunexpected end of input at line 1, column 6")
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix("false\tinvalid\t") })
        #expect(lines[6].hasPrefix("false") && lines[6].contains("no NaN"))
    }

    @Test func roundTripsThroughTheCodec() throws {
        let source = #"{"a":[1,2.5,"x",null,{"b":false}],"c":{}}"#
        let value = try JSONCodec.decode(Array(source.utf8))
        #expect(JSONCodec.encode(value, pretty: false) == source)
    }
}
