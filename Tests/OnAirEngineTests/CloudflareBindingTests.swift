import Testing

/// live_input.* against the emulator's Cloudflare Stream API.
@Suite struct CloudflareBindingTests {
    @Test func liveInputsAndOutputs() async throws {
        try await withEngine { engine in
            let text = await engine.output("""
                local input = live_input.create{ meta = { name = "Friday show" }, recording = { mode = "automatic" } }
                print(input.kind, input.provider, #input.uid, input.meta.name)
                print(live_input.get(input).uid == input.uid, #live_input.list())
                print(live_input.update(input, { meta = { name = "Friday show (late)" } }).meta.name)
                print(live_input.disable(input).enabled, live_input.enable(input).enabled)
                print(type(live_input.rotate_keys(input).uid))
                local outputs = {}
                for _, d in ipairs({ "rtmp://a.rtmp.youtube.com/live2", "rtmp://live.twitch.tv/app", "rtmps://live-api-s.facebook.com:443/rtmp/" }) do
                  outputs[#outputs + 1] = live_input.add_output(input, { url = d, streamKey = "key-" .. #outputs })
                end
                print(outputs[1].kind, outputs[1].live_input == input.uid, #live_input.outputs(input))
                print(live_input.set_output(outputs[2], { enabled = false }).enabled)
                print(live_input.set_output(outputs[2].uid, { enabled = true, live_input = input.uid }).enabled)
                print(live_input.remove_output(outputs[3]), #live_input.outputs(input))
                print(live_input.delete(input), #live_input.list())
                """)
            #expect(text == """
                live_input\tcloudflare\t32\tFriday show
                true\t1
                Friday show (late)
                false\ttrue
                string
                output\ttrue\t3
                false
                true
                true\t2
                true\t0

                """)
        }
    }

    @Test func rateLimitedThenSucceeds() async throws {
        try await withEngine { engine in
            try await engine.control("POST", "faults", #"{"rules":[{"type":"rate_limit","count":1,"retry_after":1,"path_prefix":"/client/v4/"}]}"#)
            let clock = ContinuousClock()
            let start = clock.now
            #expect(await engine.output("print(#live_input.list())") == "0\n")
            #expect(clock.now - start >= .seconds(1), "Retry-After was honoured")
        }
    }

    @Test func serverErrorThenSucceeds() async throws {
        try await withEngine { engine in
            try await engine.control("POST", "faults", #"{"rules":[{"type":"server_error","count":2,"status":503,"path_prefix":"/client/v4/"}]}"#)
            #expect(await engine.output("print(#live_input.list())") == "0\n")
        }
    }

    @Test func aDroppedResponseDoesNotCreateTwice() async throws {
        try await withEngine { engine in
            try await engine.control("POST", "faults", #"{"rules":[{"type":"drop_after_commit","count":1,"mode":"close","path_prefix":"/client/v4/"}]}"#)
            let text = await engine.output("print(live_input.create{ meta = { name = 'once' } }.meta.name)")
            #expect(text == "once\n")
            #expect(try await engine.resources("cloudflare", "live_inputs").count == 1)
        }
    }

    @Test func badRequestsAndMissingInputs() async throws {
        try await withEngine { engine in
            let text = await engine.output("""
                local ok, err = pcall(live_input.get, "00000000000000000000000000000000")
                print(ok, err.kind, err.status, err.operation)
                local ok2, err2 = pcall(live_input.create, { deleteRecordingAfterDays = 7 })
                print(ok2, err2.kind, err2.status)
                local ok3, err3 = pcall(live_input.set_output, "abc", { enabled = true })
                print(ok3, err3.kind, err3.message)
                """)
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines[0] == "false\tnot_found\t404\tlive_input.get")
            #expect(lines[1] == "false\tinvalid\t400")
            #expect(lines[2].hasPrefix("false\tusage\tlive_input.set_output: argument #1: expected an output"))
        }
    }
}
