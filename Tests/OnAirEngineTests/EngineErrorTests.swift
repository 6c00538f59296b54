import OnAirEngine
import OnAirLua
import OnAirProviders
import Testing

/// Arguments, credentials and profiles: every failure is a catchable error object with a kind.
@Suite struct EngineErrorTests {
    @Test func argumentErrorsNameBindingPositionAndExpectation() async throws {
        try await withEngine { engine in
            let text = await engine.output("""
                print(select(2, pcall(room.create)).message)
                print(select(2, pcall(room.create, { name = "x" })).message)
                print(select(2, pcall(room.create, { provider = "zoom" })).message)
                print(select(2, pcall(stream.add, {}, { url = "rtmp://x" })).message)
                print(select(2, pcall(live_input.add_output, "uid")).message)
                """)
            #expect(text == """
                room.create: argument #1: expected a table, got no value
                room.create: argument #1: `provider` is required (signalwire or 100ms)
                room.create: argument #1: `provider` must be signalwire or 100ms, got "zoom"
                stream.add: argument #1: `provider` is required (signalwire or 100ms)
                live_input.add_output: argument #2: expected a table with `url` (and usually `streamKey`)

                """)
        }
    }

    @Test func wrongCredentialsAreUnauthorizedInEveryProvider() async throws {
        var access = EngineHarness.access
        access.signalwireToken = "wrong"
        access.hmsSecret = "wrong"
        access.cloudflareToken = "wrong"
        access.gjirafaKey = "wrong"
        try await withEngine(access: access) { engine in
            let text = await engine.output("""
                for _, f in ipairs({
                  function() return room.list{ provider = "signalwire" } end,
                  function() return room.list{ provider = "100ms" } end,
                  function() return live_input.list() end,
                  function() return live_video.list() end,
                }) do
                  local ok, err = pcall(f)
                  print(ok, err.kind, err.status, err.provider)
                end
                """)
            #expect(text == """
                false\tunauthorized\t401\tsignalwire
                false\tunauthorized\t401\t100ms
                false\tunauthorized\t401\tcloudflare
                false\tunauthorized\t401\tgjirafa

                """)
        }
    }

    @Test func aProviderWithoutCredentialsNamesWhatToSet() async throws {
        let transport = ProviderTransport()
        let engine = OnAirEngine(directory: ProviderDirectory(
            profile: BuiltInProfiles.env(environment: ["CLOUDFLARE_API_TOKEN": "t"]), transport: transport, notice: { _ in }))
        var configuration = LuaHostConfiguration(output: { _ in }, log: { _ in })
        engine.install(into: &configuration)
        let result = await LuaHost(configuration: configuration).run(LuaScript(name: "t.lua", source: "live_input.list()"))
        try? await transport.shutdown()
        #expect(result.error?.kind.rawValue == "unavailable")
        #expect(result.error?.message == "live_input.list: cloudflare is not available in profile 'env': set CLOUDFLARE_ACCOUNT_ID")
    }

    @Test func theEnvProfileCallsTheRealHostsUnlessOverridden() {
        let environment = [
            "SIGNALWIRE_PROJECT_ID": "p", "SIGNALWIRE_API_TOKEN": "t", "SIGNALWIRE_SPACE": "example.signalwire.com",
            "HMS_ACCESS_KEY": "a", "HMS_SECRET": "s", "CLOUDFLARE_API_TOKEN": "c", "CLOUDFLARE_ACCOUNT_ID": "acc",
            "GJIRAFA_API_KEY": "g", "GJIRAFA_PROJECT_ID": "proj",
        ]
        let real = BuiltInProfiles.env(environment: environment)
        #expect(real.signalwire?.baseURL == "https://example.signalwire.com")
        #expect(real.hms?.baseURL == "https://api.100ms.live/v2")
        #expect(real.cloudflare?.baseURL == "https://api.cloudflare.com/client/v4")
        #expect(real.gjirafa?.baseURL == "https://livestream.vp.gjirafa.tech")
        #expect(real.unavailable.isEmpty)
        var overridden = environment
        overridden["ONAIR_CLOUDFLARE_BASE_URL"] = "http://127.0.0.1:9/client/v4/"
        #expect(BuiltInProfiles.env(environment: overridden).cloudflare?.baseURL == "http://127.0.0.1:9/client/v4")
        let local = BuiltInProfiles.local(emulatorURL: "http://127.0.0.1:1", access: EngineHarness.access, environment: ["ONAIR_GJIRAFA_BASE_URL": "http://other:2"])
        #expect(local.gjirafa?.baseURL == "http://other:2")
        #expect(local.emulatedProviders == [.signalwire, .hms, .cloudflare])
    }

    @Test func nothingAScriptCanReachContainsACredential() async throws {
        try await withEngine { engine in
            let text = await engine.output("""
                local seen = {}
                local function collect(v) seen[#seen + 1] = type(v) == "table" and json.encode(v) or tostring(v) end
                collect(room.create{ provider = "signalwire", name = "r" })
                collect(room.create{ provider = "100ms", name = "r" })
                collect(live_input.create{})
                collect(live_video.create{ title = "v", channelId = "c" })
                collect(select(2, pcall(live_input.get, "00000000000000000000000000000000")))
                for name, module in pairs({ room = room, live_input = live_input, stream = stream }) do
                  for k, f in pairs(module) do collect(f) end
                end
                print(table.concat(seen, "\\n"))
                """)
            for secret in [EngineHarness.access.signalwireToken, EngineHarness.access.hmsSecret, EngineHarness.access.cloudflareToken, EngineHarness.access.gjirafaKey] {
                #expect(!text.contains(secret))
            }
        }
    }
}
