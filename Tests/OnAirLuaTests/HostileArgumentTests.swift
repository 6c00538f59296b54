@testable import OnAirLua
import Testing

/// What the host-API fuzzer (Tests/Fuzz) found: arguments and call patterns that stopped the
/// process. Each test failed (the process trapped, or the host re-entered itself) before its fix.
@Suite struct HostileArgumentTests {
    /// Durations beyond any clock's range were converted with a trapping `Int64(_:)`.
    @Test func durationsOutOfRangeAreArgumentErrors() async {
        let text = await output("""
            for _, d in ipairs({ 1e300, 1 / 0, 0 / 0, -1, "1e300", "1e300s", "99999999999999999999h", "inf", math.maxinteger }) do
              local ok, err = pcall(onair.sleep, d)
              local ok2, err2 = pcall(onair.duration, d)
              print(ok, err.kind, err.arg, ok2, err2.kind)
            end
            print(onair.duration("1h30m"), onair.duration(100 * 365 * 86400))
            """)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 10, "\(text)")
        #expect(lines.dropLast().allSatisfy { $0 == "false\tusage\t1\tfalse\tusage" }, "\(text)")
        #expect(lines.last == "5400.0\t3153600000.0", "\(text)")
    }

    /// `onair.error`'s level was narrowed to `Int32` with a trapping conversion.
    @Test func anyErrorLevelIsAccepted() async {
        let text = await output("""
            for _, level in ipairs({ math.maxinteger, math.mininteger, 2 ^ 31, -1, 0, 1 }) do
              local err = onair.error({ kind = "custom", message = "m" }, level)
              print(err.kind, err.where)
            end
            """)
        #expect(text == """
            custom\tnil
            custom\tnil
            custom\tnil
            custom\tnil
            custom\ttest.lua:2:
            custom\ttest.lua:2:

            """, "\(text)")
    }

    /// A __gc finalizer the collector starts inside an allocation the host makes (here: pushing
    /// json.decode's large result) ran on top of the Swift frames doing that push; a binding called
    /// from it re-entered the host mid-push. Such calls are refused; ordinary finalizers, which run
    /// while guest code allocates, still call bindings.
    @Test func finalizersStartedByHostAllocationsCannotReenterTheHost() async {
        let text = await output("""
            local ran, refused, other = 0, 0, nil
            local function arm(n)
              for _ = 1, n do
                setmetatable({}, { __gc = function()
                  ran = ran + 1
                  local ok, err = pcall(json.encode, { 1 })
                  if ok then return end
                  if err.kind == "usage" and err.message:find("while the host was working", 1, true) then
                    refused = refused + 1
                  else
                    other = tostring(err)
                  end
                end })
              end
            end
            local doc = "[" .. string.rep("[1,2,{\\"a\\":3}],", 20000) .. "[]]"
            for _ = 1, 10 do
              arm(200)
              local decoded = json.decode(doc)
            end
            print(ran > 0, refused > 0, other)
            """)
        #expect(text == "true\ttrue\tnil\n", "\(text)")
    }
}
