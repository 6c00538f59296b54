import Foundation
@testable import OnAirProviders
import Testing

@Suite struct SignalWireClientTests {
    @Test func roomLifecycle() async throws {
        try await withEmulator { harness in
            let client = harness.signalWire()
            let room = try await client.createRoom(["name": "friday_show", "display_name": "Friday", "max_members": 10])
            let id = try #require(room["id"]?.stringValue)
            #expect(room["name"] == "friday_show")
            #expect(room["max_members"] == .integer(10))

            #expect(try await client.getRoom(id)["name"] == "friday_show")
            #expect(try await client.getRoom("friday_show")["id"]?.stringValue == id)

            let updated = try await client.updateRoom(id, ["display_name": "Friday night", "quality": "1080p"])
            #expect(updated["display_name"] == "Friday night")
            #expect(updated["quality"] == "1080p")

            #expect(try await client.listRooms().map { $0["id"] } == [.string(id)])

            try await client.deleteRoom(id)
            let gone = await providerError { _ = try await client.getRoom(id) }
            #expect(gone?.kind == .notFound)
            #expect(gone?.status == 404)
            #expect(gone?.message == "Not Found")
            #expect(gone?.operation == "get_room")
            #expect(gone?.provider == .signalwire)
        }
    }

    @Test func conferenceLifecycle() async throws {
        try await withEmulator { harness in
            let client = harness.signalWire()
            let conference = try await client.createConference(["display_name": "Town hall", "name": "town_hall", "size": "small"])
            let id = try #require(conference["id"]?.stringValue)
            #expect(try await client.getConference(id)["display_name"] == "Town hall")
            let updated = try await client.updateConference(id, ["display_name": "Town hall (live)", "layout": "2x2"])
            #expect(updated["layout"] == "2x2")
            #expect(try await client.listConferences().count == 1)
            try await client.deleteConference(id)
            #expect(await providerError { _ = try await client.getConference(id) }?.kind == .notFound)
        }
    }

    @Test func roomAndConferenceStreams() async throws {
        try await withEmulator { harness in
            let client = harness.signalWire()
            let roomID = try #require(try await client.createRoom(["name": "studio"])["id"]?.stringValue)
            let stream = try await client.createRoomStream(roomID: roomID, url: "rtmp://live.example.com/app/key-1")
            let streamID = try #require(stream["id"]?.stringValue)
            #expect(stream["url"] == "rtmp://live.example.com/app/key-1")
            #expect(try await client.listRoomStreams(roomID: roomID).map { $0["id"] } == [.string(streamID)])
            #expect(try await client.getStream(streamID)["stream_type"] == "rtmp")
            #expect(try await client.updateStream(streamID, url: "rtmps://live.example.com/app/key-2")["url"] == "rtmps://live.example.com/app/key-2")
            try await client.deleteStream(streamID)
            #expect(try await client.listRoomStreams(roomID: roomID).isEmpty)
            #expect(await providerError { _ = try await client.getStream(streamID) }?.kind == .notFound)

            let conferenceID = try #require(try await client.createConference(["display_name": "Panel"])["id"]?.stringValue)
            let conferenceStream = try await client.createConferenceStream(conferenceID: conferenceID, url: "rtmp://live.example.com/app/key-3")
            #expect(try await client.listConferenceStreams(conferenceID: conferenceID).map { $0["id"] } == [conferenceStream["id"]])
            #expect(try await client.getStream(try #require(conferenceStream["id"]?.stringValue))["url"] == "rtmp://live.example.com/app/key-3")
        }
    }

    @Test func listsFollowEveryPage() async throws {
        try await withEmulator { harness in
            let client = harness.signalWire()
            for number in 1...7 {
                _ = try await client.createRoom(["name": .string("room-\(number)")])
                _ = try await client.createConference(["display_name": .string("Conference \(number)")])
            }
            let rooms = try await client.listRooms(query: ["page_size": "3"])
            #expect(rooms.compactMap { $0["name"]?.stringValue } == (1...7).map { "room-\($0)" })

            var pageSizes: [Int] = []
            for try await page in client.roomPages(query: ["page_size": "3"]) { pageSizes.append(page.count) }
            #expect(pageSizes == [3, 3, 1])

            var conferencePages = 0
            for try await _ in client.conferencePages(query: ["page_size": "2"]) { conferencePages += 1 }
            #expect(conferencePages == 4)
            #expect(try await client.listConferences(query: ["page_size": "2"]).count == 7)
            #expect(try await harness.requests(matching: "/api/video/rooms", method: "GET").count == 6)
        }
    }

    @Test func pagesAreFetchedOnlyWhenAskedFor() async throws {
        try await withEmulator { harness in
            let client = harness.signalWire()
            for number in 1...5 { _ = try await client.createRoom(["name": .string("lazy-\(number)")]) }
            for try await page in client.roomPages(query: ["page_size": "2"]) {
                #expect(page.count == 2)
                break
            }
            #expect(try await harness.requests(matching: "/api/video/rooms", method: "GET").count == 1)
        }
    }

    @Test func wrongCredentialsAreUnauthorized() async throws {
        try await withEmulator { harness in
            let error = await providerError { _ = try await harness.signalWire(apiToken: "PTwrong-token").listRooms() }
            #expect(error?.kind == .unauthorized)
            #expect(error?.status == 401)
            #expect(error?.message == "Unauthorized")
            #expect(error?.retryable == false)
            let requests = try await harness.requests(matching: "/api/video/rooms")
            #expect(requests.count == 1)
        }
    }

    @Test func validationErrorsKeepTheProviderItems() async throws {
        try await withEmulator { harness in
            let client = harness.signalWire()
            let error = await providerError { _ = try await client.createRoom(["name": "not a valid name!", "max_members": 1000]) }
            #expect(error?.kind == .invalid)
            #expect(error?.status == 422)
            #expect(error?.details.count == 2)
            #expect(error?.details.first?["code"] == "invalid_parameter")
            #expect(error?.message.lowercased().contains("name") == true)

            _ = try await client.createRoom(["name": "taken"])
            let duplicate = await providerError { _ = try await client.createRoom(["name": "taken"]) }
            #expect(duplicate?.kind == .invalid)
            #expect(duplicate?.details.first?["attribute"] == "name")
        }
    }

    @Test func lostCreateAnswerIsFoundByNameNotDuplicated() async throws {
        try await withEmulator { harness in
            let client = harness.signalWire()
            try await harness.inject([["type": "drop_after_commit", "count": 1, "method": "POST", "path_prefix": "/api/video/rooms"]])
            let room = try await client.createRoom(["name": "dropped_room"])
            #expect(room["name"] == "dropped_room")
            let rooms = try await harness.state()["signalwire"]?["rooms"]?.arrayValue ?? []
            #expect(rooms.count == 1)
            #expect(rooms.first?["id"] == room["id"])
            #expect(try await harness.requests(matching: "/api/video/rooms", method: "POST").count == 1)
        }
    }

    @Test func lostCreateAnswerIsFoundEvenWithoutRetries() async throws {
        try await withEmulator(retry: .none) { harness in
            try await harness.inject([["type": "drop_after_commit", "count": 1, "method": "POST"]])
            let room = try await harness.signalWire().createRoom(["name": "no_retries"])
            #expect(room["name"] == "no_retries")
            let posts = try await harness.requests(matching: "/api/video/rooms", method: "POST")
            #expect(posts.count == 1)
        }
    }

    @Test func lostDeleteAnswerCountsAsDone() async throws {
        try await withEmulator { harness in
            let client = harness.signalWire()
            let id = try #require(try await client.createRoom(["name": "short_lived"])["id"]?.stringValue)
            try await harness.inject([["type": "drop_after_commit", "count": 1, "method": "DELETE"]])
            try await client.deleteRoom(id)
            let deletes = try await harness.requests(matching: "/api/video/rooms/", method: "DELETE")
            #expect(deletes.map { $0["status"] } == [204, 404])
            #expect(try await harness.state()["signalwire"]?["rooms"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func lostStreamAnswerIsFoundByURLNotDuplicated() async throws {
        try await withEmulator { harness in
            let client = harness.signalWire()
            let roomID = try #require(try await client.createRoom(["name": "drop_streams"])["id"]?.stringValue)
            try await harness.inject([["type": "drop_after_commit", "count": 1, "method": "POST", "path_prefix": "/api/video/rooms/"]])
            let stream = try await client.createRoomStream(roomID: roomID, url: "rtmp://live.example.com/app/once")
            #expect(stream["url"] == "rtmp://live.example.com/app/once")
            #expect(try await harness.state()["signalwire"]?["streams"]?.arrayValue?.count == 1)
        }
    }

    @Test func createWithoutLookUpIsNotSentAgainAfterAnUnknownOutcome() async throws {
        try await withEmulator { harness in
            let client = harness.signalWire()
            try await harness.inject([["type": "server_error", "count": 1, "status": 500, "method": "POST"]])
            let error = await providerError { _ = try await client.createConference(["display_name": "Once"]) }
            #expect(error?.kind == .unavailable)
            #expect(error?.status == 500)
            #expect(error?.retryable == true)
            #expect(try await harness.requests(matching: "/api/video/conferences", method: "POST").count == 1)
        }
    }

    @Test func rateLimitIsRetriedAfterTheRequestedWait() async throws {
        try await withEmulator { harness in
            let client = harness.signalWire()
            try await harness.inject([["type": "rate_limit", "count": 1, "retry_after": 1, "path_prefix": "/api/video/"]])
            let started = ContinuousClock.now
            let room = try await client.createRoom(["name": "after_limit"])
            let waited = started.duration(to: .now)
            #expect(room["name"] == "after_limit")
            #expect(waited >= .milliseconds(950))
            let posts = try await harness.requests(matching: "/api/video/rooms", method: "POST")
            #expect(posts.map { $0["status"] } == [429, 200])
        }
    }

    @Test func serverErrorsOnReadsAreRetried() async throws {
        try await withEmulator { harness in
            let client = harness.signalWire()
            _ = try await client.createRoom(["name": "flaky"])
            try await harness.inject([["type": "server_error", "count": 2, "status": 502, "method": "GET"]])
            #expect(try await client.getRoom("flaky")["name"] == "flaky")
            let gets = try await harness.requests(matching: "/api/video/rooms/flaky", method: "GET")
            #expect(gets.map { $0["status"] } == [502, 502, 200])
        }
    }
}
