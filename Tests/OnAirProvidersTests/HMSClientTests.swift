import OnAirEmulator
import Foundation
@testable import OnAirProviders
import Synchronization
import Testing

@Suite struct HMSClientTests {
    @Test func roomLifecycle() async throws {
        try await withEmulator { harness in
            let client = harness.hms()
            let room = try await client.createRoom(["name": "class-9pm", "description": "Batch 2"])
            let id = try #require(room["id"]?.stringValue)
            #expect(room["enabled"] == true)

            // Create is an upsert by name: same id, new settings.
            let again = try await client.createRoom(["name": "class-9pm", "description": "Batch 3"])
            #expect(again["id"]?.stringValue == id)
            #expect(again["description"] == "Batch 3")

            #expect(try await client.getRoom(id)["name"] == "class-9pm")
            #expect(try await client.updateRoom(id, ["description": "Updated"])["description"] == "Updated")
            #expect(try await client.disableRoom(id)["enabled"] == false)
            #expect(try await client.listRooms().isEmpty)
            #expect(try await client.listRooms(query: ["enabled": "false"]).map { $0["id"] } == [.string(id)])
            #expect(try await client.enableRoom(id)["enabled"] == true)
            #expect(try await client.endRoom(id, reason: "done", lock: false)["message"] == "session is ending")
            #expect(try await client.getRoom(id)["enabled"] == true)
            _ = try await client.endRoom(id, reason: nil, lock: true)
            #expect(try await client.getRoom(id)["enabled"] == false)
        }
    }

    @Test func externalStreams() async throws {
        try await withEmulator { harness in
            let client = harness.hms()
            let roomID = try #require(try await client.createRoom(["name": "broadcast"])["id"]?.stringValue)
            let started = try await client.startExternalStream(
                roomID: roomID,
                ["rtmp_urls": ["rtmp://a.rtmp.youtube.com/live2/yt-key"], "recording": false, "resolution": ["width": 1280, "height": 720]]
            )
            let streamID = try #require(started["id"]?.stringValue)
            #expect(started["room_id"]?.stringValue == roomID)
            #expect(try await client.getExternalStream(streamID)["id"]?.stringValue == streamID)
            #expect(try await client.listExternalStreams(query: ["room_id": roomID]).count == 1)

            let stopped = try await client.stopExternalStream(streamID)
            #expect(["stopping", "completed"].contains(stopped["status"]?.stringValue ?? ""))

            _ = try await client.startExternalStream(roomID: roomID, ["rtmp_urls": ["rtmp://live.twitch.tv/app/tw-key"]])
            let all = try await client.stopExternalStreams(roomID: roomID)
            #expect(all["data"]?.arrayValue?.count == 1)
            #expect(try await client.listExternalStreams().count == 2)
        }
    }

    @Test func listsFollowEveryPage() async throws {
        try await withEmulator { harness in
            let client = harness.hms()
            for number in 1...23 { _ = try await client.createRoom(["name": .string("paged-\(number)")]) }
            let rooms = try await client.listRooms(query: ["limit": "10"])
            #expect(rooms.compactMap { $0["name"]?.stringValue } == (1...23).map { "paged-\($0)" })
            #expect(try await harness.requests(matching: "/v2/rooms", method: "GET").count == 3)

            var sizes: [Int] = []
            for try await page in client.roomPages(query: ["limit": "10"]) { sizes.append(page.count) }
            #expect(sizes == [10, 10, 3])
            #expect(try await client.listRooms().count == 23)
        }
    }

    @Test func errorsInTheProviderShape() async throws {
        try await withEmulator { harness in
            let client = harness.hms()
            let missing = await providerError { _ = try await client.getRoom("0123456789abcdef01234567") }
            #expect(missing?.kind == .notFound)
            #expect(missing?.message == "room not found")

            let refused = await providerError { _ = try await harness.hms(secret: "not-the-secret").listRooms() }
            #expect(refused?.kind == .unauthorized)
            #expect(refused?.status == 401)
            #expect(refused?.message == "Token validation error")
            #expect(refused?.details == ["signature is invalid"])
            // Renewed once, sent once more, then given up.
            let refusals = try await harness.requests(matching: "/v2/rooms", method: "GET").filter { $0["status"] == 401 }
            #expect(refusals.count == 2)

            let roomID = try #require(try await client.createRoom(["name": "invalid-start"])["id"]?.stringValue)
            let invalid = await providerError { _ = try await client.startExternalStream(roomID: roomID, ["meeting_url": "https://x"]) }
            #expect(invalid?.kind == .invalid)
            #expect(invalid?.status == 400)
            #expect(invalid?.message == "Invalid body param: rtmp_urls")
        }
    }

    @Test func refusedTokenIsRenewedAndTheRequestSentOnceMore() async throws {
        try await withEmulator { harness in
            let client = harness.hms()
            let stale = HMSManagementToken(
                accessKey: EmulatorHarness.credentials.hms.accessKey, secret: "rotated-away", lifetime: .seconds(86_400), now: Date()
            )
            client.tokens.install(stale)
            _ = try await client.listRooms()
            let statuses = try await harness.requests(matching: "/v2/rooms").map { $0["status"] }
            #expect(statuses == [401, 200])
            #expect(client.tokens.cached != stale)
        }
    }

    @Test func tokenIsRenewedBeforeItExpires() async throws {
        try await withEmulator { harness in
            let clock = Mutex(Date())
            let client = HMSClient(
                configuration: .init(
                    baseURL: harness.root + "/v2", accessKey: EmulatorHarness.credentials.hms.accessKey,
                    secret: EmulatorHarness.credentials.hms.secret, tokenLifetime: .seconds(3_600)
                ),
                transport: harness.transport,
                now: { clock.withLock { $0 } }
            )
            _ = try await client.listRooms()
            let first = try #require(client.tokens.cached)
            _ = try await client.listRooms()
            #expect(client.tokens.cached == first)
            // Within the renewal margin (a tenth of the lifetime, at most five minutes) of expiry.
            clock.withLock { $0 = $0.addingTimeInterval(3_600 - 200) }
            #expect(client.tokens.token() != first)
            #expect(client.tokens.cached?.expiresAt ?? .distantPast > first.expiresAt)
        }
    }

    @Test func managementTokenClaims() throws {
        let now = Date(timeIntervalSince1970: 1_750_000_000)
        let token = HMSManagementToken(accessKey: "access-key-1", secret: "app-secret", lifetime: .seconds(86_400), now: now)
        let parts = token.value.split(separator: ".").map(String.init)
        #expect(parts.count == 3)
        let header = try JSONValue.decode(try #require(Self.base64URLDecode(parts[0])))
        let claims = try JSONValue.decode(try #require(Self.base64URLDecode(parts[1])))
        #expect(header == ["alg": "HS256", "typ": "JWT"])
        #expect(claims["access_key"] == "access-key-1")
        #expect(claims["type"] == "management")
        #expect(claims["version"] == .integer(2))
        #expect(claims["iat"] == .integer(1_750_000_000 - 10))
        #expect(claims["nbf"] == claims["iat"])
        #expect(claims["exp"] == .integer(1_750_000_000 - 10 + 86_400))
        let jti = try #require(claims["jti"]?.stringValue)
        #expect(UUID(uuidString: jti) != nil)
        #expect(claims.objectValue?.keys.sorted() == ["access_key", "exp", "iat", "jti", "nbf", "type", "version"])
        // Same inputs, same signature; another secret, another one.
        let twin = HMSManagementToken(accessKey: "access-key-1", secret: "app-secret", lifetime: .seconds(86_400), now: now, id: jti)
        let other = HMSManagementToken(accessKey: "access-key-1", secret: "other-secret", lifetime: .seconds(86_400), now: now, id: jti)
        #expect(twin.value == token.value)
        #expect(other.value.split(separator: ".").last != token.value.split(separator: ".").last)
        #expect(!token.value.contains("="))
    }

    @Test func lostUpsertAnswerIsSentAgainWithoutDuplicating() async throws {
        try await withEmulator { harness in
            let client = harness.hms()
            try await harness.inject([["type": "drop_after_commit", "count": 1, "method": "POST", "path_prefix": "/v2/rooms"]])
            let room = try await client.createRoom(["name": "dropped-upsert"])
            #expect(room["name"] == "dropped-upsert")
            #expect(try await harness.state()["100ms"]?["rooms"]?.arrayValue?.count == 1)
            #expect(try await harness.requests(matching: "/v2/rooms", method: "POST").count == 2)
        }
    }

    @Test func lostStreamStartIsFoundNotDuplicated() async throws {
        try await withEmulator { harness in
            let client = harness.hms()
            let roomID = try #require(try await client.createRoom(["name": "drop-start"])["id"]?.stringValue)
            try await harness.inject([["type": "drop_after_commit", "count": 1, "method": "POST", "path_prefix": "/v2/external-streams"]])
            let stream = try await client.startExternalStream(roomID: roomID, ["rtmp_urls": ["rtmp://live.example.com/app/k"]])
            #expect(stream["room_id"]?.stringValue == roomID)
            #expect(try await harness.state()["100ms"]?["external_streams"]?.arrayValue?.count == 1)
        }
    }

    static func base64URLDecode(_ text: String) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map { Array($0) }
    }
}
