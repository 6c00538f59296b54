import Foundation
import HTTPTypes
import HummingbirdTesting
import OnAirEmulator
import Testing

@Suite("Gjirafa VP")
struct GjirafaTests {
    let auth = Auth.gjirafa
    let base = Auth.gjirafaBase

    private func createVideo(_ client: any TestClientProtocol, title: String = "Evening news") async throws -> String {
        let reply = try await client.send(.post, "\(base)/live-videos", headers: auth, json: ["Title": title, "ChannelId": "chan1"])
        return try #require(reply.object.object("result").string("publicId"))
    }

    @Test func liveVideoCreateListAndDetailsInTheEnvelope() async throws {
        try await withEmulator { client in
            let created = try await client.send(.post, "\(base)/live-videos", headers: auth, json: ["Title": "Evening news", "Description": "d", "ChannelId": "chan1"])
            #expect(created.status == .ok)
            let envelope = created.object
            #expect(envelope.bool("success") == true)
            #expect(envelope.int("statusCode") == 200)
            #expect(envelope.isNull("resultInfo"))
            let video = envelope.object("result")
            let publicId = try #require(video.string("publicId"))
            #expect(publicId.count == 8 && publicId.allSatisfy(\.isLowercase))
            #expect(video.isNull("liveStatus"))
            #expect(video.string("title") == "Evening news")
            #expect(video.string("playbackUrl")?.hasSuffix("/index.m3u8") == true)

            // camelCase binds too: Gjirafa reads member names without case.
            _ = try await client.send(.post, "\(base)/live-videos", headers: auth, json: ["title": "Second", "channelId": "chan1"])

            let list = try await client.send(.get, "\(base)/live-videos?page=1&take=1", headers: auth).object.object("result")
            #expect(list.int("currentPage") == 1)
            #expect(list.int("totalPages") == 2)
            #expect(list.int("pageSize") == 1)
            #expect(list.int("totalCount") == 2)
            #expect(list.objects("items").first?.string("publicId") == publicId)
            let second = try await client.send(.get, "\(base)/live-videos?page=2&take=1", headers: auth).object.object("result")
            #expect(second.objects("items").first?.string("title") == "Second")
            #expect(try await client.send(.get, "\(base)/live-videos?search=even", headers: auth).object.object("result").int("totalCount") == 1)
            let v2 = try await client.send(.get, "/api/v2/\(Auth.credentials.gjirafa.projectID)/live-videos", headers: auth).object.object("result")
            #expect(v2.objects("items").first?.string("liveVideoAuthor") != nil)

            let details = try await client.send(.get, "\(base)/live-videos/\(publicId)", headers: auth).object.object("result")
            #expect(details.string("type") == "Standard")
            #expect(details.string("latencyType") == "Normal")
            #expect(details.bool("isLiveStreaming") == false)

            let missing = try await client.send(.post, "\(base)/live-videos", headers: auth, json: ["Description": "x"])
            #expect(missing.status == .badRequest)
            #expect(missing.object.bool("success") == false)
            #expect(missing.object.int("statusCode") == 400)
            #expect(missing.object.strings("errors").count == 2)
            let unknown = try await client.send(.get, "\(base)/live-videos/zzzzzzzz", headers: auth)
            #expect(unknown.status == .notFound && unknown.object.int("statusCode") == 404)
        }
    }

    @Test func stopAndCutAndCutAndPublish() async throws {
        try await withEmulator { client in
            let id = try await createVideo(client)
            let cut = try await client.send(.post, "\(base)/live-videos/stop-and-cut", headers: auth, json: ["videoPublicId": id, "fromMilisecond": 0, "toMilisecond": 60000, "videoVisibilityOptionId": 1])
            #expect(cut.status == .ok)
            #expect(cut.object.object("result").string("videoPublicId") != nil)
            #expect(try await client.send(.get, "\(base)/live-videos/\(id)", headers: auth).object.object("result").string("liveStatus") == "Offline")

            let both = try await client.send(
                .post, "\(base)/live-videos/stop-and-cut", headers: auth,
                json: ["videoPublicId": id, "fromMilisecond": 0, "toMilisecond": 10, "dateTimeFrom": "2026-01-01T10:00:00Z", "dateTimeTo": "2026-01-01T11:00:00Z"]
            )
            #expect(both.status == .badRequest)
            let v2 = try await client.send(.post, "/api/v2/\(Auth.credentials.gjirafa.projectID)/live-videos/\(id)/stop-and-cut", headers: auth, json: ["dateTimeFrom": "2026-01-01T10:00:00Z", "dateTimeTo": "2026-01-01T11:00:00Z"])
            #expect(v2.status == .ok)

            let published = try await client.send(.post, "\(base)/live-videos/cut-and-publish", headers: auth, json: ["title": "Clip", "videoPublicId": id, "fromMilisecond": 1000, "toMilisecond": 5000, "videoVisibilityOptionId": 1])
            #expect(published.status == .ok)
            #expect(published.object.object("result").string("name") == "Clip")
            #expect(published.object.object("result").string("originalFile") != nil)
            let reversed = try await client.send(.post, "\(base)/live-videos/cut-and-publish", headers: auth, json: ["title": "Clip", "videoPublicId": id, "fromMilisecond": 5000, "toMilisecond": 1000])
            #expect(reversed.status == .badRequest)
            #expect(try await client.send(.post, "\(base)/live-videos/stop-and-cut", headers: auth, json: ["videoPublicId": "nothere1"]).status == .notFound)
        }
    }

    @Test func restreamsCreateListToggleDelete() async throws {
        try await withEmulator { client in
            let videoId = try await createVideo(client)
            let created = try await client.send(
                .post, "\(base)/restreams", headers: auth,
                json: ["videoId": videoId, "title": "YouTube", "streamUrl": "rtmp://a.rtmp.youtube.com/live2", "streamKey": "key", "status": true]
            )
            #expect(created.status == .ok)
            let restream = created.object.object("result")
            let id = try #require(restream.int("id"))
            #expect(restream.string("videoId") == videoId)
            #expect(restream.bool("status") == true)
            #expect(Set(restream.keys) == ["id", "title", "streamKey", "streamUrl", "status", "videoId"])

            let listed = try await client.send(.get, "\(base)/live-video/\(videoId)/restreams", headers: auth).object
            #expect((listed["result"] as? [[String: Any]])?.count == 1)

            let toggled = try await client.send(.put, "\(base)/restreams/\(id)/toggle", headers: auth)
            #expect(toggled.status == .ok)
            #expect(toggled.object.object("result").int("id") == id)
            #expect(toggled.object.object("result").bool("status") == false)
            #expect(try await client.send(.put, "\(base)/restreams/\(id)/toggle", headers: auth).object.object("result").bool("status") == true)

            let deleted = try await client.send(.delete, "\(base)/restreams/\(id)", headers: auth)
            #expect(deleted.status == .ok)
            #expect(deleted.object.bool("result") == true)
            #expect(try await client.send(.delete, "\(base)/restreams/\(id)", headers: auth).status == .notFound)
            #expect(try await client.send(.put, "\(base)/restreams/999/toggle", headers: auth).status == .notFound)
        }
    }

    @Test func restreamCreateRequiresAllFiveFieldsAndAnExistingVideo() async throws {
        try await withEmulator { client in
            let missing = try await client.send(.post, "\(base)/restreams", headers: auth, json: ["title": "t"])
            #expect(missing.status == .badRequest)
            #expect(missing.object.strings("errors").count == 4)
            let noVideo = try await client.send(
                .post, "\(base)/restreams", headers: auth,
                json: ["videoId": "nothere1", "title": "t", "streamUrl": "rtmp://x.example/live", "streamKey": "k", "status": false]
            )
            #expect(noVideo.status == .notFound)
            #expect(noVideo.object.int("statusCode") == 404)
            #expect(try await client.send(.get, "\(base)/live-video/nothere1/restreams", headers: auth).status == .notFound)
        }
    }

    @Test func authenticationIsConfigurable() async throws {
        try await withEmulator { client in
            let none = try await client.send(.get, "\(base)/live-videos")
            #expect(none.status == .unauthorized)
            #expect(none.object.bool("success") == false && none.object.int("statusCode") == 401)
            #expect(try await client.send(.get, "\(base)/live-videos", headers: [.authorization: "Bearer wrong"]).status == .unauthorized)
            #expect(try await client.send(.get, "\(base)/live-videos", headers: [.authorization: Auth.credentials.gjirafa.apiKey]).status == .unauthorized)
            let otherProject = try await client.send(.get, "/api/v1/otherprj/live-videos", headers: auth)
            #expect(otherProject.status == .forbidden && otherProject.object.int("statusCode") == 403)
        }
        let custom = EmulatorConfiguration(
            credentials: .init(gjirafa: .init(headerName: "x-api-key", scheme: "")), clock: .fixed(fixedNow)
        )
        try await withEmulator(custom) { client in
            let key = Auth.credentials.gjirafa.apiKey
            let custom = try await client.send(.get, "\(base)/live-videos", headers: [HTTPField.Name("x-api-key")!: key])
            #expect(custom.status == .ok)
            let standard = try await client.send(.get, "\(base)/live-videos", headers: auth)
            #expect(standard.status == .unauthorized)
        }
        let lenient = EmulatorConfiguration(credentials: .init(gjirafa: .init(acceptsAlternativeForms: true)), clock: .fixed(fixedNow))
        try await withEmulator(lenient) { client in
            let key = Auth.credentials.gjirafa.apiKey
            for headers: HTTPFields in [auth, [.authorization: key], [HTTPField.Name("api-key")!: key], [HTTPField.Name("x-api-key")!: key]] {
                let reply = try await client.send(.get, "\(base)/live-videos", headers: headers)
                #expect(reply.status == .ok)
            }
        }
    }
}
