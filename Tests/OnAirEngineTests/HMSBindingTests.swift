import Testing

/// room.* and stream.* against the emulator's 100ms API.
@Suite struct HMSBindingTests {
    @Test func roomsAreUpsertedByNameAndCanBeSwitchedOffAndEnded() async throws {
        try await withEngine { engine in
            let text = await engine.output("""
                local class = room.create{ provider = "100ms", name = "9pm-english-class", description = "9PM English Class" }
                local again = room.create{ provider = "100ms", name = "9pm-english-class" }
                print(class.kind, class.provider, again.id == class.id, #room.list{ provider = "100ms" })
                print(room.get(class.id, { provider = "100ms" }).name)
                print(room.update(class, { description = "Evening class" }).description)
                print(room.disable(class).enabled, room.enable(class).enabled)
                local count = 0
                for r in room.each{ provider = "100ms" } do count = count + 1 end
                print(count, type(room.end_session(class, { reason = "class over", lock = false })))
                """)
            #expect(text == "room\t100ms\ttrue\t1\n9pm-english-class\nEvening class\nfalse\ttrue\n1\ttable\n")
        }
    }

    @Test func externalStreamsStartListAndStop() async throws {
        try await withEngine { engine in
            let text = await engine.output("""
                local class = room.create{ provider = "100ms", name = "stream-me" }
                local s = stream.add(class, { url = "rtmp://a.rtmp.youtube.com/live2/key", meeting_url = "https://example.app.100ms.live/meeting/abc", resolution = { width = 1280, height = 720 } })
                print(s.kind, s.provider, #stream.list(class))
                print(stream.get(s).id == s.id)
                print(type(stream.remove(s)))
                local ok, err = pcall(stream.update, s, { url = "rtmp://x" })
                print(ok, err.kind)
                """)
            #expect(text == "stream\t100ms\t1\ntrue\ntable\nfalse\tusage\n")
        }
    }
}
