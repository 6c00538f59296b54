import Foundation
import HTTPTypes
import HummingbirdTesting
import OnAirEmulator
import Testing

@Suite("SignalWire Video")
struct SignalWireTests {
    let auth = Auth.signalWire

    @Test func roomLifecycleUsesDocumentedStatusesAndFields() async throws {
        try await withEmulator { client in
            let created = try await client.send(.post, "/api/video/rooms", headers: auth, json: ["name": "friday_show", "max_members": 50, "meta": ["team": "news"]])
            #expect(created.status == .ok)
            #expect(created.contentType == "application/json")
            let room = created.object
            let id = try #require(room.string("id"))
            #expect(UUID(uuidString: id) != nil && id == id.lowercased())
            #expect(room.string("name") == "friday_show")
            #expect(room.string("display_name") == "friday_show")
            #expect(room.isNull("description"))
            #expect(room.int("max_members") == 50)
            #expect(room.string("quality") == "720p")
            #expect(room.string("layout") == "grid-responsive")
            #expect(room.isNull("join_from") && room.isNull("remove_after_seconds_elapsed") && room.isNull("sync_audio_video"))
            #expect(room.object("meta").string("team") == "news")
            #expect(room.string("created_at") == "2026-01-01T12:00:00Z")
            #expect(room["active_session"] == nil)

            let byID = try await client.send(.get, "/api/video/rooms/\(id)", headers: auth)
            #expect(byID.status == .ok && byID.object.string("id") == id)
            let byName = try await client.send(.get, "/api/video/rooms/friday_show", headers: auth)
            #expect(byName.status == .ok && byName.object.string("id") == id)

            let updated = try await client.send(.put, "/api/video/rooms/\(id)", headers: auth, json: ["description": "weekly", "join_from": "2026-02-01"])
            #expect(updated.status == .ok)
            #expect(updated.object.string("description") == "weekly")
            #expect(updated.object.string("join_from") == "2026-02-01T00:00:00Z")
            #expect(updated.object.string("name") == "friday_show")

            let deleted = try await client.send(.delete, "/api/video/rooms/\(id)", headers: auth)
            #expect(deleted.status == .noContent)
            #expect(deleted.text.isEmpty)
            #expect(deleted.contentType == nil)
            #expect(try await client.send(.get, "/api/video/rooms/\(id)", headers: auth).status == .notFound)
        }
    }

    @Test func roomValidationAnswers422WithErrorItems() async throws {
        try await withEmulator { client in
            let missing = try await client.send(.post, "/api/video/rooms", headers: auth, json: ["max_members": 0, "quality": "4k"])
            #expect(missing.status == .unprocessableContent)
            let errors = missing.object.objects("errors")
            #expect(errors.count == 3)
            let name = try #require(errors.first { $0.string("attribute") == "name" })
            #expect(name.string("type") == "validation_error")
            #expect(name.string("code") == "missing_required_parameter")
            #expect(name.string("message") == "Name must be present")
            #expect(name.string("url") == "https://signalwire.com/docs/apis/error-codes")
            #expect(errors.contains { $0.string("attribute") == "max_members" && $0.string("code") == "invalid_parameter" })
            #expect(errors.contains { $0.string("attribute") == "quality" })

            let badName = try await client.send(.post, "/api/video/rooms", headers: auth, json: ["name": "has space"])
            #expect(badName.status == .unprocessableContent)

            #expect(try await client.send(.post, "/api/video/rooms", headers: auth, json: ["name": "taken"]).status == .ok)
            let duplicate = try await client.send(.post, "/api/video/rooms", headers: auth, json: ["name": "taken"])
            #expect(duplicate.status == .unprocessableContent)
            #expect(duplicate.object.objects("errors").first?.string("attribute") == "name")

            let malformed = try await client.send(.post, "/api/video/rooms", headers: auth, raw: "{not json")
            #expect(malformed.status == .badRequest)
            #expect(malformed.object.string("error") == "Bad Request")
        }
    }

    @Test func authenticationFailuresAnswer401() async throws {
        try await withEmulator { client in
            let cases: [HTTPFields] = [
                [:],
                Auth.basic(user: Auth.credentials.signalWire.projectID, password: "wrong"),
                [.authorization: "Bearer \(Auth.credentials.signalWire.apiToken)"],
                [.authorization: "Basic !!!"],
            ]
            for headers in cases {
                let reply = try await client.send(.get, "/api/video/rooms", headers: headers)
                #expect(reply.status == .unauthorized)
                #expect(reply.text == #"{"error":"Unauthorized"}"#)
            }
        }
    }

    @Test func unknownIdsAnswer404() async throws {
        try await withEmulator { client in
            let unknown = "6f1c2a34-5b6c-4d7e-8f90-a1b2c3d4e5f6"
            for (method, path) in [
                (HTTPRequest.Method.get, "/api/video/rooms/\(unknown)"), (.put, "/api/video/rooms/\(unknown)"),
                (.delete, "/api/video/rooms/\(unknown)"), (.get, "/api/video/conferences/\(unknown)"),
                (.delete, "/api/video/conferences/\(unknown)"), (.get, "/api/video/streams/\(unknown)"),
                (.delete, "/api/video/streams/\(unknown)"), (.post, "/api/video/rooms/\(unknown)/streams"),
            ] {
                let reply = try await client.send(method, path, headers: auth, json: method == .put || method == .post ? ["url": "rtmp://a.example/live/k"] : nil)
                #expect(reply.status == .notFound, "\(method) \(path)")
                #expect(reply.text == #"{"error":"Not Found"}"#)
            }
            let route = try await client.send(.get, "/api/video/nothing", headers: auth)
            #expect(route.status == .notFound)
            #expect(route.object.string("error") == "Not Found")
        }
    }

    @Test func roomStreamsAre201AndConferenceStreams200() async throws {
        try await withEmulator { client in
            let room = try await client.send(.post, "/api/video/rooms", headers: auth, json: ["name": "studio"]).object
            let roomID = try #require(room.string("id"))
            let roomStream = try await client.send(.post, "/api/video/rooms/\(roomID)/streams", headers: auth, json: ["url": "rtmp://a.rtmp.youtube.com/live2/key1"])
            #expect(roomStream.status == .created)
            let stream = roomStream.object
            #expect(stream.string("url") == "rtmp://a.rtmp.youtube.com/live2/key1")
            #expect(stream.string("stream_type") == "rtmp")
            #expect(stream.isNull("width") && stream.isNull("height") && stream.isNull("fps"))
            #expect(Set(stream.keys) == ["id", "url", "stream_type", "width", "height", "fps", "created_at", "updated_at"])

            let conference = try await client.send(.post, "/api/video/conferences", headers: auth, json: ["display_name": "Town hall"])
            #expect(conference.status == .ok)
            let conferenceID = try #require(conference.object.string("id"))
            let conferenceStream = try await client.send(.post, "/api/video/conferences/\(conferenceID)/streams", headers: auth, json: ["url": "rtmps://live.example.com/app/key2"])
            #expect(conferenceStream.status == .ok)
            let conferenceStreamID = try #require(conferenceStream.object.string("id"))

            let roomStreams = try await client.send(.get, "/api/video/rooms/\(roomID)/streams", headers: auth).object
            #expect(roomStreams.objects("data").map { $0.string("id") } == [stream.string("id")])
            let conferenceStreams = try await client.send(.get, "/api/video/conferences/\(conferenceID)/streams", headers: auth).object
            #expect(conferenceStreams.objects("data").map { $0.string("id") } == [conferenceStreamID])

            // /streams/{id} reaches streams of both owners.
            let streamID = try #require(stream.string("id"))
            #expect(try await client.send(.get, "/api/video/streams/\(conferenceStreamID)", headers: auth).status == .ok)
            let moved = try await client.send(.put, "/api/video/streams/\(streamID)", headers: auth, json: ["url": "rtmp://b.example/live/key3"])
            #expect(moved.status == .ok && moved.object.string("url") == "rtmp://b.example/live/key3")
            let deleted = try await client.send(.delete, "/api/video/streams/\(streamID)", headers: auth)
            #expect(deleted.status == .noContent && deleted.text.isEmpty)
            #expect(try await client.send(.get, "/api/video/streams/\(streamID)", headers: auth).status == .notFound)
        }
    }

    @Test func streamURLMustBeRTMP() async throws {
        try await withEmulator { client in
            let roomID = try #require(try await client.send(.post, "/api/video/rooms", headers: auth, json: ["name": "r"]).object.string("id"))
            for body: [String: Any] in [[:], ["url": "https://example.com/live"], ["url": 5]] {
                let reply = try await client.send(.post, "/api/video/rooms/\(roomID)/streams", headers: auth, json: body)
                #expect(reply.status == .unprocessableContent)
                #expect(reply.object.objects("errors").first?.string("attribute") == "url")
            }
        }
    }

    @Test func conferencesRequireDisplayNameAndFillDefaults() async throws {
        try await withEmulator { client in
            let missing = try await client.send(.post, "/api/video/conferences", headers: auth, json: ["name": "x"])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.object.objects("errors").first?.string("code") == "missing_required_parameter")

            let badColor = try await client.send(.post, "/api/video/conferences", headers: auth, json: ["display_name": "A", "dark_primary": "blue"])
            #expect(badColor.status == .unprocessableContent)
            #expect(badColor.object.objects("errors").first?.string("attribute") == "dark_primary")

            let created = try await client.send(.post, "/api/video/conferences", headers: auth, json: ["display_name": "Town hall", "name": "townhall", "light_primary": "#112233"])
            let conference = created.object
            #expect(conference.string("size") == "medium")
            #expect(conference.bool("enable_chat") == true)
            #expect(conference.string("dark_primary") == "#044EF4")
            #expect(conference.string("light_primary") == "#112233")
            #expect(conference.string("dark_negative") == "#F42C50")
            #expect(conference.isNull("meta") && conference.isNull("join_from"))
            let id = try #require(conference.string("id"))

            let noDisplayName = try await client.send(.put, "/api/video/conferences/\(id)", headers: auth, json: ["description": "d"])
            #expect(noDisplayName.status == .unprocessableContent)
            let updated = try await client.send(.put, "/api/video/conferences/\(id)", headers: auth, json: ["display_name": "Town Hall 2", "size": "large"])
            #expect(updated.status == .ok)
            #expect(updated.object.string("display_name") == "Town Hall 2")
            #expect(updated.object.string("size") == "large")
            #expect(updated.object.string("light_primary") == "#112233")

            #expect(try await client.send(.get, "/api/video/conferences/\(id)", headers: auth).object.string("name") == "townhall")
            #expect(try await client.send(.delete, "/api/video/conferences/\(id)", headers: auth).status == .noContent)
        }
    }

    @Test func listsWalkPagesByFollowingLinksNext() async throws {
        try await withEmulator { client in
            for index in 0..<5 {
                _ = try await client.send(.post, "/api/video/rooms", headers: auth, json: ["name": "room\(index)"])
            }
            var uri: String? = "/api/video/rooms?page_size=2"
            var names: [String] = []
            var pages = 0
            while let next = uri {
                let reply = try await client.send(.get, next, headers: auth)
                #expect(reply.status == .ok)
                let links = reply.object.object("links")
                #expect(links.string("self")?.hasPrefix("http://") == true)
                #expect(links.string("first")?.contains("page_number=0") == true)
                names += reply.object.objects("data").compactMap { $0.string("name") }
                pages += 1
                // Clients follow the absolute link verbatim; the test client speaks paths.
                uri = links.string("next").flatMap { URLComponents(string: $0) }.map { "\($0.path)?\($0.query ?? "")" }
            }
            #expect(pages == 3)
            #expect(names == ["room0", "room1", "room2", "room3", "room4"])

            let noToken = try await client.send(.get, "/api/video/rooms?page_number=1", headers: auth)
            #expect(noToken.status == .unprocessableContent)
            #expect(noToken.object.objects("errors").first?.string("attribute") == "page_token")
            let badToken = try await client.send(.get, "/api/video/rooms?page_number=1&page_token=PAnope", headers: auth)
            #expect(badToken.object.objects("errors").first?.string("code") == "page_token_is_invalid")
            let badSize = try await client.send(.get, "/api/video/rooms?page_size=1001", headers: auth)
            #expect(badSize.status == .unprocessableContent)
        }
    }
}
