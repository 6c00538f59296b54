import Foundation
import HTTPTypes
import HummingbirdTesting
import OnAirEmulator
import Testing

@Suite("100ms")
struct HMSTests {
    let auth = Auth.hms(now: fixedNow)

    @Test func createIsAnUpsertByNameIgnoringCase() async throws {
        try await withEmulator { client in
            let first = try await client.send(.post, "/v2/rooms", headers: auth, json: ["name": "Friday-Show", "description": "one", "region": "us"])
            #expect(first.status == .ok)
            let room = first.object
            let id = try #require(room.string("id"))
            #expect(id.count == 24 && id.allSatisfy(\.isHexDigit))
            #expect(room.bool("enabled") == true)
            #expect(room.string("region") == "us")
            #expect(room.object("recording_info").bool("enabled") == false)
            #expect(room.bool("recording_source_template") == true)

            let second = try await client.send(.post, "/v2/rooms", headers: auth, json: ["name": "friday-show", "description": "two", "recording_info": ["enabled": true]])
            #expect(second.status == .ok)
            #expect(second.object.string("id") == id)
            #expect(second.object.string("description") == "two")
            #expect(second.object.string("name") == "Friday-Show")
            #expect(second.object["recording_source_template"] == nil)

            let list = try await client.send(.get, "/v2/rooms", headers: auth).object
            #expect(list.objects("data").count == 1)

            let generated = try await client.send(.post, "/v2/rooms", headers: auth, json: [:]).object
            #expect(generated.string("name")?.isEmpty == false)
        }
    }

    @Test func updateEnableAndDisableArePOSTs() async throws {
        try await withEmulator { client in
            let id = try #require(try await client.send(.post, "/v2/rooms", headers: auth, json: ["name": "room-a"]).object.string("id"))
            let updated = try await client.send(.post, "/v2/rooms/\(id)", headers: auth, json: ["description": "new", "max_duration_seconds": 3600])
            #expect(updated.status == .ok)
            #expect(updated.object.string("description") == "new")
            #expect(updated.object.int("max_duration_seconds") == 3600)

            let disabled = try await client.send(.post, "/v2/rooms/\(id)", headers: auth, json: ["enabled": false])
            #expect(disabled.object.bool("enabled") == false)
            #expect(try await client.send(.get, "/v2/rooms", headers: auth).object.objects("data").isEmpty)
            #expect(try await client.send(.get, "/v2/rooms?enabled=false", headers: auth).object.objects("data").count == 1)

            let start = try await client.send(.post, "/v2/external-streams/room/\(id)/start", headers: auth, json: ["rtmp_urls": ["rtmp://a.example/live/k"]])
            #expect(start.status == .forbidden)

            let enabled = try await client.send(.post, "/v2/rooms/\(id)", headers: auth, json: ["enabled": true])
            #expect(enabled.object.bool("enabled") == true)
            #expect(try await client.send(.get, "/v2/rooms/\(id)", headers: auth).object.bool("enabled") == true)
        }
    }

    @Test func bodyErrorsUseDocumentedMessages() async throws {
        try await withEmulator { client in
            let cases: [([String: Any], String)] = [
                (["template": "abc"], "Invalid body param: template. Use template_id"),
                (["region": "mars"], "Error: region not supported"),
                (["template_id": "nope"], "Error: template not found"),
                (["max_duration_seconds": 60], "Invalid body param: max_duration_seconds less than 120 seconds"),
                (["max_duration_seconds": 50000], "Invalid body param: max_duration_seconds greater than 43200 seconds"),
                (["recording_info": ["upload_info": ["type": "s3"]]], "Bucket location is missing"),
                (["recording_info": ["upload_info": ["type": "ftp", "location": "b"]]], "Invalid upload configuration"),
                (["name": "bad name!"], "Invalid body param: name"),
            ]
            for (body, message) in cases {
                let reply = try await client.send(.post, "/v2/rooms", headers: auth, json: body)
                #expect(reply.status == .badRequest, "\(body)")
                #expect(reply.object.int("code") == 400)
                #expect(reply.object.string("message") == message)
                #expect(reply.object["details"] is [Any])
            }
            let unknown = try await client.send(.get, "/v2/rooms/000000000000000000000000", headers: auth)
            #expect(unknown.status == .notFound)
            #expect(unknown.object.int("code") == 404)
        }
    }

    @Test func managementTokenIsVerified() async throws {
        try await withEmulator { client in
            let now = fixedNow
            let rejected: [HTTPFields] = [
                [:],
                [.authorization: "Basic abc"],
                [.authorization: "Bearer not.a.jwt"],
                [.authorization: "Bearer " + ManagementToken.make(now: now, secret: "wrong-secret")],
                [.authorization: "Bearer " + ManagementToken.make(now: now, algorithm: "HS384")],
                Auth.hms(now: now) { $0["type"] = "app" },
                Auth.hms(now: now) { $0["access_key"] = "someone-else" },
                Auth.hms(now: now) { $0["version"] = 1 },
                Auth.hms(now: now) { $0["exp"] = Int(now.timeIntervalSince1970) - 3600 },
                Auth.hms(now: now) { $0["exp"] = nil },
                Auth.hms(now: now) { $0["nbf"] = Int(now.timeIntervalSince1970) + 3600 },
            ]
            for headers in rejected {
                let reply = try await client.send(.get, "/v2/rooms", headers: headers)
                #expect(reply.status == .unauthorized, "\(headers)")
                #expect(reply.object.int("code") == 401)
                #expect(reply.object.string("message") == "Token validation error")
                #expect(reply.object.strings("details").count == 1)
            }
            #expect(try await client.send(.get, "/v2/rooms", headers: Auth.hms(now: now)).status == .ok)
        }
    }

    @Test func externalStreamLifecycleFollowsTheClock() async throws {
        let configuration = EmulatorConfiguration(
            timing: .init(hmsStreamStartSeconds: 5, hmsStreamStopSeconds: 10), clock: .fixed(fixedNow), randomSeed: 1
        )
        try await withEmulator(configuration) { client in
            let roomID = try #require(try await client.send(.post, "/v2/rooms", headers: auth, json: ["name": "live"]).object.string("id"))
            let started = try await client.send(
                .post, "/v2/external-streams/room/\(roomID)/start", headers: auth,
                json: ["rtmp_urls": ["rtmp://a.rtmp.youtube.com/live2/key"], "recording": true, "resolution": ["width": 1920, "height": 1080]]
            )
            #expect(started.status == .ok)
            let stream = started.object
            let id = try #require(stream.string("id"))
            #expect(stream.string("status") == "starting")
            #expect(stream.string("room_id") == roomID)
            #expect(stream.strings("rtmp_urls") == ["rtmp://a.rtmp.youtube.com/live2/key"])
            #expect(stream.object("resolution").int("width") == 1920)
            #expect(stream.isNull("started_at") && stream.isNull("recording_assets"))
            #expect(stream.string("started_by") == "")

            let twice = try await client.send(.post, "/v2/external-streams/room/\(roomID)/start", headers: auth, json: ["rtmp_urls": ["rtmp://b.example/k"]])
            #expect(twice.status == .badRequest)

            #expect(try await client.send(.get, "/v2/external-streams/\(id)", headers: auth).object.string("status") == "starting")
            try await client.send(.post, "/_emulator/clock", json: ["advance_seconds": 5])
            let running = try await client.send(.get, "/v2/external-streams/\(id)", headers: auth).object
            #expect(running.string("status") == "running")
            #expect(running.string("started_at") != nil)

            let stopping = try await client.send(.post, "/v2/external-streams/\(id)/stop", headers: auth)
            #expect(stopping.status == .ok && stopping.object.string("status") == "stopping")
            try await client.send(.post, "/_emulator/clock", json: ["advance_seconds": 10])
            #expect(try await client.send(.get, "/v2/external-streams/\(id)", headers: auth).object.string("status") == "post_processing")
            try await client.send(.post, "/_emulator/clock", json: ["advance_seconds": 10])
            let completed = try await client.send(.get, "/v2/external-streams/\(id)", headers: auth).object
            #expect(completed.string("status") == "completed")
            #expect(completed.string("stopped_at") != nil)

            let again = try await client.send(.post, "/v2/external-streams/\(id)/stop", headers: auth)
            #expect(again.status == .badRequest)
        }
    }

    @Test func stopByRoomEndRoomAndStartValidation() async throws {
        try await withEmulator { client in
            let roomID = try #require(try await client.send(.post, "/v2/rooms", headers: auth, json: ["name": "r1"]).object.string("id"))
            for body: [String: Any] in [
                [:], ["rtmp_urls": []], ["rtmp_urls": ["https://x.example/live"]],
                ["rtmp_urls": (0..<6).map { "rtmp://x.example/live/\($0)" }],
                ["rtmp_urls": ["rtmp://x.example/k"], "resolution": ["width": 100, "height": 100]],
            ] {
                let reply = try await client.send(.post, "/v2/external-streams/room/\(roomID)/start", headers: auth, json: body)
                #expect(reply.status == .badRequest, "\(body)")
            }
            let missingRoom = try await client.send(.post, "/v2/external-streams/room/000000000000000000000000/start", headers: auth, json: ["rtmp_urls": ["rtmp://x.example/k"]])
            #expect(missingRoom.status == .notFound)

            let started = try await client.send(.post, "/v2/external-streams/room/\(roomID)/start", headers: auth, json: ["rtmp_urls": ["rtmp://x.example/k"]]).object
            let stopped = try await client.send(.post, "/v2/external-streams/room/\(roomID)/stop", headers: auth)
            #expect(stopped.status == .ok)
            #expect(stopped.object.objects("data").map { $0.string("id") } == [started.string("id")])
            #expect(stopped.object.objects("data").first?.string("status") == "stopping")
            #expect(try await client.send(.post, "/v2/external-streams/room/\(roomID)/stop", headers: auth).status == .badRequest)

            let restarted = try await client.send(.post, "/v2/external-streams/room/\(roomID)/start", headers: auth, json: ["rtmp_urls": ["rtmp://x.example/k"]]).object
            let ended = try await client.send(.post, "/v2/active-rooms/\(roomID)/end-room", headers: auth, json: ["reason": "done", "lock": true])
            #expect(ended.status == .ok)
            #expect(ended.text == #"{"message":"session is ending"}"#)
            let afterEnd = try await client.send(.get, "/v2/external-streams/\(try #require(restarted.string("id")))", headers: auth).object
            #expect(afterEnd.string("status") == "completed")
            #expect(try await client.send(.get, "/v2/rooms/\(roomID)", headers: auth).object.bool("enabled") == false)
            #expect(try await client.send(.post, "/v2/active-rooms/000000000000000000000000/end-room", headers: auth, json: [:]).status == .notFound)
        }
    }

    @Test func listsPageWithLimitStartAndLast() async throws {
        try await withEmulator { client in
            var ids: [String] = []
            for index in 0..<25 {
                ids.append(try #require(try await client.send(.post, "/v2/rooms", headers: auth, json: ["name": "room-\(index)"]).object.string("id")))
            }
            var seen: [String] = []
            var start: String?
            repeat {
                let query = start.map { "?limit=10&start=\($0)" } ?? "?limit=10"
                let page = try await client.send(.get, "/v2/rooms\(query)", headers: auth).object
                #expect(page.int("limit") == 10)
                let data = page.objects("data").compactMap { $0.string("id") }
                seen += data
                start = data.count < 10 ? nil : page.string("last")
                if !data.isEmpty { #expect(page.string("last") == data.last) }
            } while start != nil
            #expect(seen == ids)
            #expect(try await client.send(.get, "/v2/rooms?limit=5", headers: auth).status == .badRequest)
            #expect(try await client.send(.get, "/v2/rooms?name=ROOM-3", headers: auth).object.objects("data").count == 1)

            let roomID = ids[0]
            let stream = try await client.send(.post, "/v2/external-streams/room/\(roomID)/start", headers: auth, json: ["rtmp_urls": ["rtmp://x.example/k"]]).object
            let listed = try await client.send(.get, "/v2/external-streams?room_id=\(roomID)", headers: auth).object
            #expect(listed.objects("data").map { $0.string("id") } == [stream.string("id")])
            #expect(try await client.send(.get, "/v2/external-streams?room_id=\(ids[1])", headers: auth).object.objects("data").isEmpty)
            #expect(try await client.send(.get, "/v2/external-streams?status=running", headers: auth).object.objects("data").count == 1)
        }
    }
}
