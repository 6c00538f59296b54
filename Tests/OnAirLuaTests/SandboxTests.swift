@testable import OnAirLua
import Testing

/// Every sandbox rule, tried the way a hostile script would.
@Suite struct SandboxTests {
    @Test(arguments: [
        "dofile", "loadfile", "io", "package", "module", "os.execute", "os.exit",
        "os.getenv", "os.remove", "os.rename", "os.tmpname", "os.setlocale", "string.dump",
        "debug.getregistry", "debug.sethook", "debug.getupvalue", "debug.setupvalue", "debug.getinfo",
        "debug.setmetatable", "debug.getlocal",
    ])
    func removedFunctionsAreNotReachable(_ expression: String) async {
        #expect(await output("print(\(expression) == nil)") == "true\n", "\(expression) must be absent")
    }

    @Test func theAllowedBaseFunctionsRemain() async {
        let text = await output("print(rawlen ~= nil, rawequal ~= nil, pcall ~= nil, setmetatable ~= nil, select ~= nil, tostring ~= nil)")
        #expect(text == "true\ttrue\ttrue\ttrue\ttrue\ttrue\n")
    }

    @Test func onlyTimeDateClockAndDifftimeRemainOfOs() async {
        let text = await output("local k = {} for name in pairs(os) do k[#k+1] = name end table.sort(k) print(table.concat(k, ','))")
        #expect(text == "clock,date,difftime,time\n")
    }

    @Test func difftimeMeasuresDurationsBetweenTimes() async {
        let text = await output("""
            local start = os.time{ year = 2026, month = 12, day = 4, hour = 19, min = 0 }
            local finish = os.time{ year = 2026, month = 12, day = 4, hour = 21, min = 30 }
            print(os.difftime(finish, start), pcall(os.difftime, "x", 1))
            """)
        #expect(text.hasPrefix("9000.0\t"), "\(text)")
        #expect(text.contains("false\t"), "a bad argument is a Lua error: \(text)")
    }

    @Test func debugHasOnlyTraceback() async {
        let text = await output("local k = {} for name in pairs(debug) do k[#k+1] = name end print(table.concat(k, ','))")
        #expect(text == "traceback\n")
    }

    @Test func collectgarbageIsReducedToCount() async {
        #expect(await output("print(type(collectgarbage('count')), type(collectgarbage()))") == "number\tnumber\n")
        for option in ["stop", "collect", "step", "incremental", "generational", "setpause"] {
            let result = await run("collectgarbage('\(option)')")
            #expect(result.error?.message.contains("only \"count\" is available") == true, "\(option)")
        }
    }

    @Test func loadRefusesBinaryChunksAndMissingEnvironments() async {
        let text = await output("""
            print(pcall(load, "return 1"))
            print(pcall(load, "return 1", "x", "b", {}))
            print(load("\\27Lua rest", "bin", "t", {}))
            print(load("\\27Lua rest", "bin", "bt", {}))
            local f = load("return x", "chunk", "t", { x = 41 })
            print(f() + 1)
            print(pcall(load, function() return nil end, "x", "t", {}))
            """)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("false") && lines[0].contains("explicit environment table is required"))
        #expect(lines[1].hasPrefix("false") && lines[1].contains("binary chunks are not allowed"))
        #expect(lines[2].hasPrefix("nil") && lines[2].contains("attempt to load a binary chunk"))
        #expect(lines[3].hasPrefix("nil") && lines[3].contains("binary chunk"))
        #expect(lines[4] == "42")
        #expect(lines[5].hasPrefix("false") && lines[5].contains("expected a string chunk"))
    }

    @Test func loadedCodeCannotReachTheHostGlobals() async {
        // A loaded chunk sees only the environment it is given.
        #expect(await output("local f = load('return print', 'c', 't', {}) print(f() == nil)") == "true\n")
    }

    @Test func aBinaryScriptFileIsRefused() async {
        let result = await makeHost().run(LuaScript(name: "x.luac", source: [0x1B, 0x4C, 0x75, 0x61, 0x54, 0x00]))
        #expect(result.error?.message.contains("precompiled (binary) Lua chunk") == true)
    }

    @Test func sharedLibrariesCannotBeChangedForOthers() async {
        // A script changes its own copies only: the string metatable still reaches the original.
        let text = await output("""
            string.upper = function() return "hacked" end
            print(("abc"):upper(), string.upper("x"))
            table.insert = nil
            print(getmetatable(""))
            print(pcall(setmetatable, "", {}))
            """)
        let lines = text.split(separator: "\n")
        #expect(lines[0] == "ABC\thacked")
        #expect(lines[1] == "locked")
        #expect(lines[2].hasPrefix("false"))
        // A second script sees pristine libraries.
        #expect(await output("print(string.upper('x'), table.insert ~= nil)") == "X\ttrue\n")
    }

    @Test func eachScriptHasItsOwnEnvironment() async {
        let host = makeHost()
        _ = await host.run(LuaScript(name: "a.lua", source: "leaked = 'secret'; _G.print = nil"))
        let captured = Captured()
        let result = await makeHost(captured: captured).run(LuaScript(name: "b.lua", source: "print(leaked, _G == _ENV)"))
        #expect(result.error == nil)
        #expect(captured.output == "nil\ttrue\n")
    }

    @Test func hostMetatablesAreLocked() async {
        let text = await output("""
            local t = onair.spawn(function() end)
            print(getmetatable(t))
            print(pcall(setmetatable, t, {}))
            local ok, err = pcall(json.decode, "{")
            print(getmetatable(err))
            """)
        let lines = text.split(separator: "\n")
        #expect(lines[0] == "locked")
        #expect(lines[1].hasPrefix("false"))
        #expect(lines[2] == "locked")
    }

    @Test func nothingRevealsEnvironmentVariablesOrFiles() async {
        let text = await output("""
            local found = {}
            local function scan(t, path, seen)
              if seen[t] then return end
              seen[t] = true
              for k, v in pairs(t) do
                if type(v) == "table" then scan(v, path .. "." .. tostring(k), seen) end
                if type(v) == "string" and (v:find("/root") or v:find("PATH=")) then found[#found+1] = path .. "." .. k end
              end
            end
            scan(_G, "_G", {})
            print(#found, os.getenv, io)
            """)
        #expect(text == "0\tnil\tnil\n")
    }

    @Test func requireLoadsSiblingModulesAsText() async {
        let folder = TemporaryFolder()
        folder.write("helpers.lua", "local M = {} function M.twice(x) return 2 * x end return M")
        folder.write("lib/deep.lua", "return { name = 'deep' }")
        folder.write("bin.lua", "\u{1B}Lua")
        let captured = Captured()
        let result = await run("""
            local h = require("helpers")
            print(h.twice(21), require("helpers") == h, require("lib.deep").name)
            for _, name in ipairs({"../etc/passwd", "/etc/passwd", "lib/deep", "a..b", "missing", "bin", ".hidden"}) do
              local ok, err = pcall(require, name)
              print(name, ok, tostring(err):match("require: [^(]*") or err)
            end
            """, captured: captured, directory: folder.path, name: "main.lua")
        #expect(result.error == nil, "\(result.error?.rendered ?? "")")
        let lines = captured.output.split(separator: "\n").map(String.init)
        #expect(lines[0] == "42\ttrue\tdeep")
        for line in lines.dropFirst() {
            #expect(line.contains("\tfalse\t"), "\(line)")
        }
        #expect(lines[1].contains("invalid module name"))
        #expect(lines[2].contains("invalid module name"))
        #expect(lines[5].contains("not found"))
        #expect(lines[6].contains("precompiled"))
    }

    @Test func requireRefusesLinksOutOfTheFolder() async {
        let folder = TemporaryFolder()
        symlink("/etc/hostname", folder.path + "/escape.lua")
        let result = await run("require('escape')", directory: folder.path)
        #expect(result.error?.message.contains("outside the script's folder") == true)
    }
}

#if canImport(Glibc)
import Glibc
#endif
