import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OnAirEmulator
import Testing

@Suite("EmulatorServer")
struct EmulatorServerTests {
    @Test func startsOnAnEphemeralPortServesAllProvidersAndStops() async throws {
        let server = EmulatorServer(configuration: .init(port: 0))
        let port = try await server.start()
        #expect(port > 0)
        #expect(await server.port == port)
        await #expect(throws: EmulatorServerError.alreadyRunning) { try await server.start() }

        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            let request = TestClient.Request(
                "/api/video/rooms", method: .post, authority: "127.0.0.1:\(port)",
                headers: Auth.signalWire.merging([.contentType: "application/json"]),
                body: ByteBuffer(string: #"{"name":"live_room"}"#)
            )
            let created = try await client.execute(request)
            #expect(created.status == .ok)
            let list = try await client.execute(.init("/api/video/rooms", method: .get, authority: "127.0.0.1:\(port)", headers: Auth.signalWire))
            let body = String(buffer: list.body ?? ByteBuffer())
            #expect(body.contains("\"self\":\"http://127.0.0.1:\(port)/api/video/rooms?page_number=0&page_size=50\""))
            #expect(try await client.execute(.init("/v2/rooms", method: .get, headers: Auth.hms())).status == .ok)
            #expect(try await client.execute(.init(Auth.cloudflareBase, method: .get, headers: Auth.cloudflare)).status == .ok)
            #expect(try await client.execute(.init("\(Auth.gjirafaBase)/live-videos", method: .get, headers: Auth.gjirafa)).status == .ok)
        }

        await server.stop()
        #expect(await server.port == nil)
        await #expect(throws: (any Error).self) {
            try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                _ = try await client.get("/_emulator/state")
            }
        }

        // State outlives a stop: a restarted server still knows the room.
        let again = try await server.start()
        try await TestClient.withClient(host: "127.0.0.1", port: again) { client in
            let room = try await client.execute(.init("/api/video/rooms/live_room", method: .get, headers: Auth.signalWire))
            #expect(room.status == .ok)
        }
        await server.stop()
    }

    @Test func aTakenPortIsReportedAsAnError() async throws {
        let first = EmulatorServer()
        let port = try await first.start()
        let second = EmulatorServer(configuration: .init(port: port))
        await #expect(throws: (any Error).self) { try await second.start() }
        await first.stop()
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var merged = self
        for field in other { merged[field.name] = field.value }
        return merged
    }
}
