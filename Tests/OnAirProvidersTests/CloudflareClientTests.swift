@testable import OnAirProviders
import Testing

@Suite struct CloudflareClientTests {
    @Test func liveInputLifecycle() async throws {
        try await withEmulator { harness in
            let client = harness.cloudflare()
            let input = try await client.createLiveInput(["meta": ["name": "show"], "recording": ["mode": "automatic"], "deleteRecordingAfterDays": 30])
            let uid = try #require(input["uid"]?.stringValue)
            #expect(input["rtmps"]?["streamKey"]?.stringValue?.isEmpty == false)
            #expect(input["deleteRecordingAfterDays"]?.integerValue == 30)
            #expect(try await client.getLiveInput(uid)["meta"]?["name"] == "show")
            #expect(try await client.listLiveInputs().map { $0["uid"] } == [.string(uid)])
            #expect(try await client.updateLiveInput(uid, ["meta": ["name": "renamed"]])["meta"]?["name"] == "renamed")
            #expect(try await client.disableLiveInput(uid)["enabled"] == false)
            #expect(try await client.enableLiveInput(uid)["enabled"] == true)
            let rotated = try await client.rotateLiveInputKeys(uid)
            #expect(rotated["rtmps"]?["streamKey"] != input["rtmps"]?["streamKey"])
            try await client.deleteLiveInput(uid)
            let gone = await providerError { _ = try await client.getLiveInput(uid) }
            #expect(gone?.kind == .notFound)
            #expect(gone?.status == 404)
            #expect(gone?.details.first?["code"] != nil)
        }
    }

    @Test func outputLifecycle() async throws {
        try await withEmulator { harness in
            let client = harness.cloudflare()
            let uid = try #require(try await client.createLiveInput(.null)["uid"]?.stringValue)
            let output = try await client.createOutput(liveInputUID: uid, ["url": "rtmp://a.rtmp.youtube.com/live2", "streamKey": "yt-secret"])
            let outputUID = try #require(output["uid"]?.stringValue)
            #expect(output["enabled"] == true)
            #expect(try await client.listOutputs(liveInputUID: uid).map { $0["uid"] } == [.string(outputUID)])
            #expect(try await client.updateOutput(liveInputUID: uid, outputUID: outputUID, ["enabled": false])["enabled"] == false)
            try await client.deleteOutput(liveInputUID: uid, outputUID: outputUID)
            #expect(try await client.listOutputs(liveInputUID: uid).isEmpty)
        }
    }

    @Test func errorsInTheEnvelopeShape() async throws {
        try await withEmulator { harness in
            let refused = await providerError { _ = try await harness.cloudflare(apiToken: "wrong-token").listLiveInputs() }
            #expect(refused?.kind == .unauthorized)
            #expect(refused?.status == 401)
            #expect(refused?.message == "Authentication error")
            #expect(refused?.details.first?["code"] == .integer(10000))

            let invalid = await providerError { _ = try await harness.cloudflare().createLiveInput(["deleteRecordingAfterDays": 10]) }
            #expect(invalid?.kind == .invalid)
            #expect(invalid?.status == 400)
            #expect(invalid?.details.first?["source"]?["pointer"] == "/deleteRecordingAfterDays")
        }
    }

    @Test func lostCreateAnswersAreReplayedByIdempotencyKey() async throws {
        try await withEmulator { harness in
            let client = harness.cloudflare()
            try await harness.inject([["type": "drop_after_commit", "count": 1, "method": "POST", "path_prefix": "/client/v4/"]])
            let input = try await client.createLiveInput(["meta": ["name": "once"]])
            let uid = try #require(input["uid"]?.stringValue)
            let stored = try await harness.state()["cloudflare"]?["live_inputs"]?.arrayValue ?? []
            #expect(stored.map { $0["uid"] } == [.string(uid)])
            #expect(try await harness.requests(matching: "/live_inputs", method: "POST").count == 2)

            try await harness.inject([["type": "drop_after_commit", "count": 1, "method": "POST", "path_prefix": "/client/v4/"]])
            _ = try await client.createOutput(liveInputUID: uid, ["url": "rtmp://live.example.com/app", "streamKey": "k"])
            #expect(try await harness.state()["cloudflare"]?["outputs"]?[uid]?.arrayValue?.count == 1)
        }
    }

    @Test func callerIdempotencyKeyIsReused() async throws {
        try await withEmulator { harness in
            let client = harness.cloudflare()
            let first = try await client.createLiveInput(["meta": ["name": "step-1"]], idempotencyKey: "run-7/step-1")
            let second = try await client.createLiveInput(["meta": ["name": "step-1"]], idempotencyKey: "run-7/step-1")
            #expect(first["uid"] == second["uid"])
            let third = try await client.createLiveInput(["meta": ["name": "step-1"]])
            #expect(third["uid"] != first["uid"])
        }
    }

    @Test func rateLimitWithRetryAfterThenSuccess() async throws {
        try await withEmulator { harness in
            let client = harness.cloudflare()
            try await harness.inject([["type": "rate_limit", "count": 1, "retry_after": 1]])
            let started = ContinuousClock.now
            _ = try await client.listLiveInputs()
            #expect(started.duration(to: .now) >= .milliseconds(950))
            #expect(try await harness.requests(matching: "/live_inputs", method: "GET").map { $0["status"] } == [429, 200])
        }
    }

    @Test func longRetryAfterIsReturnedNotWaited() async throws {
        try await withEmulator { harness in
            let client = harness.cloudflare()
            try await harness.inject([["type": "rate_limit", "count": 1, "retry_after": 300]])
            let started = ContinuousClock.now
            let error = await providerError { _ = try await client.listLiveInputs() }
            #expect(started.duration(to: .now) < .seconds(2))
            #expect(error?.kind == .rateLimited)
            #expect(error?.status == 429)
            #expect(error?.retryAfter == 300)
            #expect(error?.retryable == true)
        }
    }
}
