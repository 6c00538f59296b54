@testable import OnAirLua
import Testing

/// Conversions between Lua values and `LuaValue`.
@Suite struct ValueTests {
    /// A binding that hands its argument back after a round trip through Swift.
    static let roundTrip = LuaModule("swift", functions: [
        LuaFunction("roundtrip") { call in .value(try call.value(1)) },
        LuaFunction("describe") { call in .value(.text(String(describing: try call.value(1)))) },
    ])

    @Test func scalarsSurviveTheRoundTrip() async {
        let text = await output("""
            for _, v in ipairs({true, false, 0, -7, math.maxinteger, math.mininteger, 1.5, -0.25, 1e300, "text", ""}) do
              local back = swift.roundtrip(v)
              print(math.type(back) or type(back), back == v)
            end
            print(swift.roundtrip(nil))
            """, modules: [Self.roundTrip])
        #expect(text == """
            boolean\ttrue
            boolean\ttrue
            integer\ttrue
            integer\ttrue
            integer\ttrue
            integer\ttrue
            float\ttrue
            float\ttrue
            float\ttrue
            string\ttrue
            string\ttrue
            nil

            """)
    }

    @Test func stringsAreBytesNotOnlyUTF8() async {
        #expect(await output("local s = '\\0\\255\\128abc\\0' print(swift.roundtrip(s) == s, #swift.roundtrip(s))", modules: [Self.roundTrip]) == "true\t7\n")
    }

    @Test func nestedTablesArraysAndMaps() async {
        let text = await output("""
            local v = swift.roundtrip({1, 2, {3, {4}}, name = "x", nested = {deep = {deeper = true}}, [10] = "sparse", [2.5] = "float key"})
            print(v[1], v[2], v[3][1], v[3][2][1], v.name, v.nested.deep.deeper, v[10], v[2.5])
            """, modules: [Self.roundTrip])
        #expect(text == "1\t2\t3\t4\tx\ttrue\tsparse\tfloat key\n")
    }

    @Test func emptyTablesKeepTheirStatedShape() async {
        let text = await output("""
            print(json.encode({}), json.encode(json.array()), json.encode(json.object{}))
            print(json.encode(swift.roundtrip(json.array())), json.encode(swift.roundtrip({})))
            print(json.encode(json.decode("[]")), json.encode(json.decode("{}")))
            """, modules: [Self.roundTrip])
        #expect(text == "{}\t[]\t{}\n[]\t{}\n[]\t{}\n")
    }

    @Test func cyclesAreRefusedWithThePath() async {
        let text = await output("""
            local t = {a = {}} t.a.back = t
            local ok, err = pcall(swift.roundtrip, t)
            print(ok, err.message)
            local shared = {1}
            print(#swift.roundtrip({shared, shared}))
            """, modules: [Self.roundTrip])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "false\tswift.roundtrip: argument #1: table contains a cycle at a.back")
        #expect(lines[1] == "2", "the same table twice is not a cycle")
    }

    @Test func depthAndSizeAreCapped() async {
        var limits = LuaLimits()
        limits.conversion = .init(maxDepth: 10, maxEntries: 100)
        let text = await output("""
            local deep = {} local t = deep for i = 1, 20 do t.next = {} t = t.next end
            print(select(2, pcall(swift.roundtrip, deep)).message)
            local wide = {} for i = 1, 200 do wide[i] = i end
            print(select(2, pcall(swift.roundtrip, wide)).message)
            """, modules: [Self.roundTrip], limits: limits)
        #expect(text.contains("nesting deeper than 10 levels"))
        #expect(text.contains("more than 100 entries"))
    }

    @Test func functionsAndOtherNonDataValuesAreRefusedWithThePath() async {
        let text = await output("print(select(2, pcall(swift.roundtrip, {hook = {fn = print}})).message)", modules: [Self.roundTrip])
        #expect(text == "swift.roundtrip: argument #1: cannot convert a function value at hook.fn (only nil, booleans, numbers, strings and tables are data)\n")
    }

    @Test func luaValueLiteralsAndAccessors() {
        let value: LuaValue = ["title": "Friday show", "outputs": [1, 2.5, true]]
        #expect(value["title"].stringValue == "Friday show")
        #expect(value["outputs"].tableValue?.array == [1, 2.5, true])
        #expect(LuaValue.number(3.0).integerValue == 3)
        #expect(LuaValue.number(3.5).integerValue == nil)
        #expect(LuaValue.nil.isTruthy == false && LuaValue.integer(0).isTruthy)
        #expect(LuaString(bytes: [0xFF]).text == nil)
    }
}
