@testable import OnAirProviders
import Testing

@Suite struct GjirafaClientTests {
    @Test func liveVideoLifecycle() async throws {
        try await withEmulator { harness in
            let client = harness.gjirafa()
            let video = try await client.createLiveVideo(["title": "Match day", "channelId": "sports", "description": "Derby"])
            let id = try #require(video["publicId"]?.stringValue)
            #expect(video["title"] == "Match day")
            #expect(try await client.getLiveVideo(id)["channelPublicId"] == "sports")
            #expect(try await client.listLiveVideos().map { $0["publicId"] } == [.string(id)])
            #expect(try await client.stopAndCut(id)["videoPublicId"]?.stringValue?.isEmpty == false)
            #expect(try await client.stopAndCut(id, options: ["fromMilisecond": 0, "toMilisecond": 60_000])["videoPublicId"] != nil)
            let published = try await client.cutAndPublish(id, options: ["title": "Highlights", "fromMilisecond": 1_000, "toMilisecond": 30_000])
            #expect(published["name"] == "Highlights")
            // The bare form sends only the id; Gjirafa wants a title and a range as well.
            let bare = await providerError { _ = try await client.cutAndPublish(id) }
            #expect(bare?.kind == .invalid)
            #expect(bare?.status == 400)
        }
    }

    @Test func listsFollowEveryPage() async throws {
        try await withEmulator { harness in
            let client = harness.gjirafa()
            for number in 1...12 { _ = try await client.createLiveVideo(["Title": .string("Show \(number)"), "ChannelId": "main"]) }
            let videos = try await client.listLiveVideos(query: ["take": "5"])
            #expect(videos.compactMap { $0["title"]?.stringValue } == (1...12).map { "Show \($0)" })
            var sizes: [Int] = []
            for try await page in client.liveVideoPages(query: ["take": "5"]) { sizes.append(page.count) }
            #expect(sizes == [5, 5, 2])
        }
    }

    @Test func restreamLifecycle() async throws {
        try await withEmulator { harness in
            let client = harness.gjirafa()
            let videoID = try #require(try await client.createLiveVideo(["title": "Concert", "channelId": "music"])["publicId"]?.stringValue)
            let restream = try await client.createRestream([
                "videoId": .string(videoID), "title": "YouTube", "streamUrl": "rtmp://a.rtmp.youtube.com/live2", "streamKey": "yt-key", "status": true,
            ])
            let id = try #require(restream["id"]?.identifierString)
            #expect(try await client.listRestreams(videoID: videoID).map { $0["id"]?.identifierString } == [id])
            let toggled = try await client.toggleRestream(id, videoID: videoID)
            #expect(toggled["status"] == false)
            #expect(try await client.toggleRestream(id, videoID: videoID)["status"] == true)
            try await client.deleteRestream(id, videoID: videoID)
            #expect(try await client.listRestreams(videoID: videoID).isEmpty)
            #expect(await providerError { try await client.deleteRestream(id, videoID: videoID) }?.kind == .notFound)
        }
    }

    @Test func errorsInTheEnvelopeShape() async throws {
        try await withEmulator { harness in
            let missing = await providerError { _ = try await harness.gjirafa().getLiveVideo("nosuchid") }
            #expect(missing?.kind == .notFound)
            #expect(missing?.message == "Result Not Found: live video")

            let refused = await providerError { _ = try await harness.gjirafa(apiKey: "wrong-key").listLiveVideos() }
            #expect(refused?.kind == .unauthorized)
            #expect(refused?.status == 401)
            #expect(refused?.details == ["Unauthorized"])

            let invalid = await providerError { _ = try await harness.gjirafa().createRestream(["title": "incomplete"]) }
            #expect(invalid?.kind == .invalid)
            #expect(invalid?.status == 400)
            #expect((invalid?.details.count ?? 0) >= 3)
        }
    }

    @Test func lostRestreamAnswerIsFoundNotDuplicated() async throws {
        try await withEmulator { harness in
            let client = harness.gjirafa()
            let videoID = try #require(try await client.createLiveVideo(["title": "Drop", "channelId": "c"])["publicId"]?.stringValue)
            try await harness.inject([["type": "drop_after_commit", "count": 1, "method": "POST", "path_prefix": "/api/v1/"]])
            let restream = try await client.createRestream([
                "videoId": .string(videoID), "title": "Twitch", "streamUrl": "rtmp://live.twitch.tv/app", "streamKey": "tw-key", "status": true,
            ])
            #expect(restream["title"] == "Twitch")
            #expect(try await harness.state()["gjirafa"]?["restreams"]?.arrayValue?.count == 1)
        }
    }

    @Test func lostLiveVideoAnswerIsReportedNotResent() async throws {
        try await withEmulator { harness in
            let client = harness.gjirafa()
            try await harness.inject([["type": "drop_after_commit", "count": 1, "method": "POST", "path_prefix": "/api/v1/"]])
            let error = await providerError { _ = try await client.createLiveVideo(["title": "Once", "channelId": "c"]) }
            #expect(error?.kind == .network)
            #expect(error?.status == nil)
            #expect(error?.retryable == true)
            #expect(try await harness.state()["gjirafa"]?["live_videos"]?.arrayValue?.count == 1)
        }
    }
}
