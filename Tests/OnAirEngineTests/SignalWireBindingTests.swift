import Testing

/// room.*, conference.* and stream.* against the emulator's SignalWire API.
@Suite struct SignalWireBindingTests {
    @Test func roomsFromCreateToDelete() async throws {
        try await withEngine { engine in
            let text = await engine.output("""
                local studio = room.create{ provider = "signalwire", name = "studio-a", display_name = "Studio A", max_members = 10 }
                print(studio.provider, studio.kind, studio.name, studio.display_name, type(studio.id))
                print(room.get(studio).name, room.get("studio-a", { provider = "signalwire" }).id == studio.id)
                room.create{ provider = "signalwire", name = "studio-b" }
                print(#room.list{ provider = "signalwire" })
                local names = {}
                for r in room.each{ provider = "signalwire" } do names[#names + 1] = r.name end
                table.sort(names)
                print(table.concat(names, ","))
                print(room.update(studio, { display_name = "Studio A (live)" }).display_name)
                print(room.delete(studio), #room.list{ provider = "signalwire" })
                """)
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines[0] == "signalwire\troom\tstudio-a\tStudio A\tstring")
            #expect(lines[1] == "studio-a\ttrue")
            #expect(lines[2] == "2")
            #expect(lines[3] == "studio-a,studio-b")
            #expect(lines[4] == "Studio A (live)")
            #expect(lines[5] == "true\t1")
        }
    }

    @Test func roomStreamsToTwoDestinations() async throws {
        try await withEngine { engine in
            let text = await engine.output("""
                local studio = room.create{ provider = "signalwire", name = "streamed" }
                local yt = stream.add(studio, { url = "rtmp://a.rtmp.youtube.com/live2/yt-key" })
                local tw = stream.add(studio, { url = "rtmp://live.twitch.tv/app/tw-key" })
                print(yt.kind, yt.provider, #stream.list(studio))
                print(stream.get(yt).url)
                print(stream.update(tw, { url = "rtmp://live.twitch.tv/app/other" }).url)
                print(stream.remove(yt), #stream.list(studio))
                """)
            #expect(text == """
                stream\tsignalwire\t2
                rtmp://a.rtmp.youtube.com/live2/yt-key
                rtmp://live.twitch.tv/app/other
                true\t1

                """)
        }
    }

    @Test func conferencesAndTheirStreams() async throws {
        try await withEngine { engine in
            let text = await engine.output("""
                local conf = conference.create{ name = "town-hall", display_name = "Town hall" }
                print(conf.kind, conference.get(conf).name, #conference.list())
                local count = 0
                for c in conference.each() do count = count + 1 end
                print(count, conference.update(conf, { display_name = "Town hall (live)" }).display_name)
                local s = stream.add(conf, { url = "rtmp://example.com/live/key" })
                print(s.kind, #stream.list(conf))
                print(conference.delete(conf))
                """)
            #expect(text == "conference\ttown-hall\t1\n1\tTown hall (live)\nstream\t1\ntrue\n")
        }
    }

    @Test func validationFailuresArriveInTheProvidersShape() async throws {
        try await withEngine { engine in
            let text = await engine.output("""
                local ok, err = pcall(room.create, { provider = "signalwire", name = "bad", max_members = -5 })
                print(ok, err.kind, err.status, err.provider, err.operation, type(err.details), err.retryable)
                local ok2, err2 = pcall(room.get, "no-such-room", { provider = "signalwire" })
                print(ok2, err2.kind, err2.status)
                """)
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines[0] == "false\tinvalid\t422\tsignalwire\troom.create\ttable\tfalse")
            #expect(lines[1] == "false\tnot_found\t404")
        }
    }
}
