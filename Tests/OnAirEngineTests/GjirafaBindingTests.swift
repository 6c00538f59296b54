import Testing

/// live_video.* and restream.* against the emulator's Gjirafa VP API.
@Suite struct GjirafaBindingTests {
    @Test func liveVideosWithRestreamsToggledOnAndOff() async throws {
        try await withEngine { engine in
            let text = await engine.output("""
                local video = live_video.create{ title = "Match day", description = "Live from the stadium", channelId = "sports" }
                print(video.kind, video.provider, live_video.get(video).publicId == video.publicId, #live_video.list())
                local count = 0
                for v in live_video.each() do count = count + 1 end
                local yt = restream.create{ videoId = video.publicId, title = "YouTube", streamUrl = "rtmp://a.rtmp.youtube.com/live2", streamKey = "yt", status = true }
                local fb = restream.create{ videoId = video.publicId, title = "Facebook", streamUrl = "rtmps://live-api-s.facebook.com:443/rtmp/", streamKey = "fb", status = true }
                print(count, yt.kind, #restream.list(video))
                local toggled = restream.toggle(yt)
                print(toggled.status ~= yt.status)
                print(restream.delete(fb), #restream.list(video))
                print(type(live_video.cut_and_publish(video, { title = "Highlights", fromMilisecond = 0, toMilisecond = 60000 })), type(live_video.stop_and_cut(video)))
                """)
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines[0] == "live_video\tgjirafa\ttrue\t1")
            #expect(lines[1] == "1\trestream\t2")
            #expect(lines[2] == "true")
            #expect(lines[3] == "true\t1")
            #expect(lines[4].hasPrefix("table") || lines[4].hasPrefix("nil") || lines[4].hasPrefix("boolean"), "\(lines[4])")
        }
    }
}
