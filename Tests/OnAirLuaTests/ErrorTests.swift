@testable import OnAirLua
import Testing

/// Errors are structured values: kind, message, location, traceback, binding, argument.
@Suite struct ErrorTests {
    @Test func argumentErrorsNameBindingPositionAndExpectation() async {
        let text = await output("""
            local ok, err = pcall(fake.check, nil)
            print(err.kind, err.binding, err.arg)
            print(err.message)
            print(select(2, pcall(fake.check)).message)
            print(select(2, pcall(fake.check, "x")).message)
            """, modules: [echoAfter(.zero)])
        #expect(text == """
            usage\tfake.check\t1
            fake.check: argument #1: expected a table, got nil
            fake.check: argument #1: expected a table, got no value
            fake.check: argument #1: expected a table, got the string "x"

            """)
    }

    @Test func errorObjectsCarryLocationAndTracebackAndReadWellAsText() async {
        let text = await output("""
            local function deep() fake.check(1) end
            local function middle() deep() end
            local ok, err = pcall(function() middle() end)
            print(err.where)
            print(tostring(err))
            print(err.traceback:match("^stack traceback:") ~= nil, err.traceback:find("middle") ~= nil)
            """, modules: [echoAfter(.zero)])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "test.lua:1:")
        #expect(lines[1] == "test.lua:1: fake.check: argument #1: expected a table, got a number")
        #expect(lines[2] == "true\ttrue")
    }

    @Test func asyncFailuresArriveAsCatchableObjectsWithTheirFields() async {
        let text = await output("""
            local ok, err = pcall(fake.fail, "room 7 not found")
            if err.kind == "not_found" then print("branch", err.status, err.binding, err.where) end
            """, modules: [echoAfter(.zero)])
        #expect(text == "branch\t404\tfake.fail\ttest.lua:1:\n")
    }

    @Test func anUncaughtErrorKeepsItsOwnMessageAndGetsATraceback() async {
        let result = await run("""
            local function explode() error("boom: the show cannot start") end
            explode()
            """)
        let error = try! #require(result.error)
        #expect(error.kind == .runtime)
        #expect(error.message == "test.lua:1: boom: the show cannot start")
        #expect(error.rendered.hasPrefix("test.lua:1: boom: the show cannot start\nstack traceback:\n"))
        #expect(error.traceback?.contains("in local 'explode'") == true || error.traceback?.contains("explode") == true)
        #expect(result.exitCode == 1)
    }

    @Test func anUncaughtHostErrorRendersAsFileLineMessage() async {
        let result = await run("\n\nfake.check('nope')", modules: [echoAfter(.zero)])
        let error = try! #require(result.error)
        #expect(error.description == "test.lua:3: fake.check: argument #1: expected a table, got the string \"nope\"")
        #expect(error.traceback?.hasPrefix("stack traceback:") == true)
    }

    @Test func nonStringErrorValuesAreDescribed() async {
        #expect(await run("error({code = 1})").error?.message == "(error object is a table value)")
        #expect(await run("error()").error?.message == "nil")
        #expect(await run("error(42)").error?.message == "42")
    }

    @Test func syntaxErrorsSayWhetherInputWasIncomplete() async {
        let incomplete = await run("function f()\n  return 1\n")
        #expect(incomplete.error?.kind == .syntax)
        #expect(incomplete.error?.incompleteInput == true)
        #expect(incomplete.error?.message.hasPrefix("test.lua:") == true)
        let wrong = await run("x = = 1")
        #expect(wrong.error?.kind == .syntax)
        #expect(wrong.error?.incompleteInput == false)
    }

    @Test func scriptsCanRaiseStructuredErrorsOfTheirOwn() async {
        let text = await output("""
            local ok, err = pcall(function() error(onair.error({kind = "invalid", message = "bad title", field = "title"})) end)
            print(err.kind, err.message, err.field, tostring(err))
            """)
        #expect(text == "invalid\tbad title\ttitle\ttest.lua:1: bad title\n")
    }

    @Test func swiftErrorsThatAreNotLuaErrorsBecomeRuntimeErrors() async {
        struct Broken: Error {}
        let module = LuaModule("odd", functions: [LuaFunction("fail") { _ in throw Broken() }])
        let text = await output("local ok, err = pcall(odd.fail) print(err.kind, err.binding)", modules: [module])
        #expect(text == "runtime\todd.fail\n")
    }
}
