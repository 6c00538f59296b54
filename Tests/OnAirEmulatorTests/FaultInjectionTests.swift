import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OnAirEmulator
import Testing

@Suite("Fault injection and control API")
struct FaultInjectionTests {
    @Test func rateLimitAnswers429InEachProvidersShapeWithRetryAfter() async throws {
        try await withEmulator { client in
            let plan: [String: Any] = ["rules": [["type": "rate_limit", "count": 4, "retry_after": 7]]]
            #expect(try await client.send(.post, "/_emulator/faults", json: plan).status == .ok)

            let signalWire = try await client.send(.get, "/api/video/rooms", headers: Auth.signalWire)
            #expect(signalWire.status == .tooManyRequests)
            #expect(signalWire.headers[.retryAfter] == "7")
            #expect(signalWire.object.string("error") == "Too Many Requests")

            let hms = try await client.send(.get, "/v2/rooms", headers: Auth.hms(now: fixedNow))
            #expect(hms.status == .tooManyRequests && hms.object.int("code") == 429)

            let cloudflare = try await client.send(.get, Auth.cloudflareBase, headers: Auth.cloudflare)
            #expect(cloudflare.status == .tooManyRequests)
            #expect(cloudflare.object.bool("success") == false)
            #expect(cloudflare.headers[HTTPField.Name("Ratelimit")!] != nil)

            let gjirafa = try await client.send(.get, "\(Auth.gjirafaBase)/live-videos", headers: Auth.gjirafa)
            #expect(gjirafa.status == .tooManyRequests && gjirafa.object.int("statusCode") == 429)

            // Used up: the next request goes through.
            #expect(try await client.send(.get, "/api/video/rooms", headers: Auth.signalWire).status == .ok)
        }
    }

    @Test func serverErrorsMatchPathPrefixAndMethodAndDoNotChangeState() async throws {
        try await withEmulator { client in
            let plan: [String: Any] = ["rules": [["type": "server_error", "count": 1, "status": 502, "path_prefix": "/v2/", "method": "post"]]]
            try await client.send(.post, "/_emulator/faults", json: plan)
            let auth = Auth.hms(now: fixedNow)
            #expect(try await client.send(.get, "/v2/rooms", headers: auth).status == .ok)
            #expect(try await client.send(.post, "/api/video/rooms", headers: Auth.signalWire, json: ["name": "sw"]).status == .ok)
            let failed = try await client.send(.post, "/v2/rooms", headers: auth, json: ["name": "a"])
            #expect(failed.status == .badGateway)
            #expect(failed.object.int("code") == 502)
            let state = try await client.send(.get, "/_emulator/state").object
            #expect(state.object("100ms").objects("rooms").isEmpty)
            #expect(try await client.send(.post, "/v2/rooms", headers: auth, json: ["name": "a"]).status == .ok)

            let remaining = try await client.send(.get, "/_emulator/faults").object
            #expect(remaining.objects("rules").first?.int("count") == 0)
        }
    }

    @Test func dropAfterCommitInRespondModeCommitsThenFails() async throws {
        try await withEmulator { client in
            let plan: [String: Any] = ["rules": [["type": "drop_after_commit", "count": 1, "mode": "respond", "status": 503]]]
            try await client.send(.post, "/_emulator/faults", json: plan)
            // A refused request does not use the rule up.
            #expect(try await client.send(.post, "/api/video/rooms", headers: Auth.signalWire, json: [:]).status == .unprocessableContent)
            // Reads never match a drop rule.
            #expect(try await client.send(.get, "/api/video/rooms", headers: Auth.signalWire).status == .ok)
            let dropped = try await client.send(.post, "/api/video/rooms", headers: Auth.signalWire, json: ["name": "committed"])
            #expect(dropped.status == .serviceUnavailable)
            let state = try await client.send(.get, "/_emulator/state").object
            #expect(state.object("signalwire").objects("rooms").map { $0.string("name") } == ["committed"])
            let journal = state.objects("requests")
            #expect(journal.last?.string("fault") == "drop_after_commit")
            #expect(journal.last?.int("status") == 503)
        }
    }

    @Test func dropAfterCommitInCloseModeClosesTheConnectionAndIdempotencyPreventsDuplicates() async throws {
        let state = EmulatorState(configuration: .init(clock: .fixed(fixedNow)))
        let application = buildTestApplication(state: state)
        try await application.test(.live) { client in
            let plan: [String: Any] = ["rules": [["type": "drop_after_commit", "count": 1, "path_prefix": "/client/v4/"]]]
            try await client.send(.post, "/_emulator/faults", json: plan)
            var headers = Auth.cloudflare
            headers[HTTPField.Name("Idempotency-Key")!] = "retry-me"
            await #expect(throws: (any Error).self) {
                try await client.send(.post, Auth.cloudflareBase, headers: headers, json: ["meta": ["name": "x"]])
            }
        }
        // A new connection: the retry with the same key finds the committed input.
        try await application.test(.live) { client in
            var headers = Auth.cloudflare
            headers[HTTPField.Name("Idempotency-Key")!] = "retry-me"
            let retried = try await client.send(.post, Auth.cloudflareBase, headers: headers, json: ["meta": ["name": "x"]])
            #expect(retried.status == .ok)
            let snapshot = try await client.send(.get, "/_emulator/state").object
            let inputs = snapshot.object("cloudflare").objects("live_inputs")
            #expect(inputs.count == 1)
            #expect(inputs.first?.string("uid") == retried.object.object("result").string("uid"))
        }
    }

    @Test func latencyDelaysProviderRequests() async throws {
        // Long enough that a loaded machine cannot make the undelayed control call look delayed.
        let configuration = EmulatorConfiguration(faults: .init(latencyMilliseconds: 2000), clock: .fixed(fixedNow))
        try await withEmulator(configuration) { client in
            let clock = ContinuousClock()
            let start = clock.now
            #expect(try await client.send(.get, "/api/video/rooms", headers: Auth.signalWire).status == .ok)
            #expect(clock.now - start >= .milliseconds(2000))
            let control = clock.now
            try await client.send(.get, "/_emulator/state")
            #expect(clock.now - control < .milliseconds(1500))
        }
    }

    @Test func faultsFromConfigurationApplyFromTheFirstRequest() async throws {
        let configuration = EmulatorConfiguration(
            faults: .init(rules: [.init(kind: .serverError, count: 1, status: 500, pathPrefix: "/api/v1/")]), clock: .fixed(fixedNow)
        )
        try await withEmulator(configuration) { client in
            let failed = try await client.send(.get, "\(Auth.gjirafaBase)/live-videos", headers: Auth.gjirafa)
            #expect(failed.status == .internalServerError && failed.object.int("statusCode") == 500)
            #expect(try await client.send(.get, "\(Auth.gjirafaBase)/live-videos", headers: Auth.gjirafa).status == .ok)
        }
    }

    @Test func resetForgetsResourcesFaultsAndJournal() async throws {
        try await withEmulator { client in
            try await client.send(.post, "/api/video/rooms", headers: Auth.signalWire, json: ["name": "gone"])
            try await client.send(.post, "/_emulator/faults", json: ["latency_ms": 5, "rules": [["type": "rate_limit", "count": 3]]])
            #expect(try await client.send(.post, "/_emulator/reset").status == .noContent)
            let state = try await client.send(.get, "/_emulator/state").object
            #expect(state.object("signalwire").objects("rooms").isEmpty)
            #expect(state.objects("requests").isEmpty)
            let faults = try await client.send(.get, "/_emulator/faults").object
            #expect(faults.objects("rules").isEmpty && faults.int("latency_ms") == 0)
            #expect(try await client.send(.post, "/_emulator/faults", raw: "{\"rules\": [{\"type\": \"bogus\"}]}").status == .badRequest)
            #expect(try await client.send(.post, "/_emulator/clock", json: ["advance_seconds": -1]).status == .badRequest)
        }
    }

    @Test func stateListsEveryProvidersResourcesAndTheJournal() async throws {
        try await withEmulator { client in
            try await client.send(.post, "/api/video/rooms", headers: Auth.signalWire, json: ["name": "a"])
            try await client.send(.post, "/v2/rooms", headers: Auth.hms(now: fixedNow), json: ["name": "b"])
            try await client.send(.post, Auth.cloudflareBase, headers: Auth.cloudflare, json: [:])
            try await client.send(.post, "\(Auth.gjirafaBase)/live-videos", headers: Auth.gjirafa, json: ["Title": "t", "ChannelId": "c"])
            try await client.send(.get, "/api/video/rooms", headers: [:])
            let state = try await client.send(.get, "/_emulator/state").object
            #expect(state.object("signalwire").objects("rooms").count == 1)
            #expect(state.object("100ms").objects("rooms").count == 1)
            #expect(state.object("cloudflare").objects("live_inputs").count == 1)
            #expect(state.object("gjirafa").objects("live_videos").count == 1)
            let journal = state.objects("requests")
            #expect(journal.count == 5)
            #expect(journal.last?.int("status") == 401)
            #expect(journal.first?.string("method") == "POST" && journal.first?.string("path") == "/api/video/rooms")
        }
    }
}

@Suite("Control API: simulated encoders")
struct SimulatedEncoderTests {
    @Test func cloudflareInputStatusFollowsTheControlAPI() async throws {
        try await withEmulator { client in
            let uid = try #require(try await client.send(.post, Auth.cloudflareBase, headers: Auth.cloudflare, json: [:]).object.object("result").string("uid"))
            let connected = try await client.send(.post, "/_emulator/cloudflare/live_inputs/\(uid)/status", json: ["status": "connected"])
            #expect(connected.status == .ok)
            let input = try await client.send(.get, "\(Auth.cloudflareBase)/\(uid)", headers: Auth.cloudflare).object.object("result")
            #expect(input.string("status") == "connected")
            try await client.send(.post, "/_emulator/cloudflare/live_inputs/\(uid)/status", json: ["status": NSNull()])
            #expect(try await client.send(.get, "\(Auth.cloudflareBase)/\(uid)", headers: Auth.cloudflare).object.object("result").isNull("status"))
            #expect(try await client.send(.post, "/_emulator/cloudflare/live_inputs/\(uid)/status", json: ["status": "streaming"]).status == .badRequest)
            #expect(try await client.send(.post, "/_emulator/cloudflare/live_inputs/nothere/status", json: ["status": "connected"]).status == .notFound)
        }
    }

    @Test func gjirafaVideoGoesLiveAndOffline() async throws {
        try await withEmulator { client in
            let created = try await client.send(.post, "\(Auth.gjirafaBase)/live-videos", headers: Auth.gjirafa, json: ["Title": "t", "ChannelId": "c"])
            let id = try #require(created.object.object("result").string("publicId"))
            #expect(try await client.send(.post, "/_emulator/gjirafa/live-videos/\(id)/live", json: ["live": true]).status == .ok)
            let live = try await client.send(.get, "\(Auth.gjirafaBase)/live-videos/\(id)", headers: Auth.gjirafa).object.object("result")
            #expect(live.string("liveStatus") == "Live")
            #expect(live.bool("isLiveStreaming") == true)
            #expect(live.string("startDateUTC") != nil)
            let item = try await client.send(.get, "\(Auth.gjirafaBase)/live-videos", headers: Auth.gjirafa).object.object("result").objects("items").first
            #expect(item?.bool("canStopAndCut") == true)
            try await client.send(.post, "\(Auth.gjirafaBase)/live-videos/stop-and-cut", headers: Auth.gjirafa, json: ["videoPublicId": id])
            #expect(try await client.send(.get, "\(Auth.gjirafaBase)/live-videos/\(id)", headers: Auth.gjirafa).object.object("result").string("liveStatus") == "Offline")
            #expect(try await client.send(.post, "/_emulator/gjirafa/live-videos/\(id)/live", json: [:]).status == .badRequest)
        }
    }
}
