import OnAirEmulator
import Logging
@testable import OnAirProviders
import Testing

@Suite struct TransportBehaviourTests {
    @Test func refusedConnectionIsANetworkErrorAfterRetries() async throws {
        // Start and stop an emulator to learn a port nothing listens on.
        let harness = try await EmulatorHarness.start()
        try await harness.finish()
        let transport = ProviderTransport(configuration: .init(connectTimeout: .seconds(2), retry: EmulatorHarness.fastRetry))
        let client = CloudflareClient(
            configuration: .init(baseURL: harness.root + "/client/v4", accountID: "0000000000000000000000000000c0de", apiToken: "t"),
            transport: transport
        )
        let error = await providerError { _ = try await client.createLiveInput([:]) }
        #expect(error?.kind == .network || error?.kind == .timeout)
        #expect(error?.status == nil)
        #expect(error?.retryable == true)
        try await transport.shutdown()
    }

    @Test func slowAnswerTimesOut() async throws {
        try await withEmulator(retry: .none, requestTimeout: .milliseconds(200)) { harness in
            try await harness.inject([], latencyMilliseconds: 1_000)
            let error = await providerError { _ = try await harness.gjirafa().listLiveVideos() }
            #expect(error?.kind == .timeout)
            #expect(error?.retryable == true)
        }
    }

    @Test func perClientTimeoutOverridesTheTransport() async throws {
        try await withEmulator(retry: .none, requestTimeout: .seconds(10)) { harness in
            try await harness.inject([], latencyMilliseconds: 800)
            let client = SignalWireClient(
                configuration: .init(
                    baseURL: harness.root, projectID: EmulatorHarness.credentials.signalWire.projectID,
                    apiToken: EmulatorHarness.credentials.signalWire.apiToken, requestTimeout: .milliseconds(150)
                ),
                transport: harness.transport
            )
            #expect(await providerError { _ = try await client.listRooms() }?.kind == .timeout)
        }
    }

    @Test func cancellationIsReportedAsCancelled() async throws {
        try await withEmulator { harness in
            try await harness.inject([], latencyMilliseconds: 2_000)
            let client = harness.hms()
            let task = Task { try await client.listRooms() }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            do {
                _ = try await task.value
                Issue.record("expected cancellation")
            } catch let error as ProviderError {
                #expect(error.kind == .cancelled)
                #expect(error.retryable == false)
            }
        }
    }

    @Test func retriesStopAtMaxAttempts() async throws {
        try await withEmulator { harness in
            try await harness.inject([["type": "server_error", "count": 5, "status": 503]])
            let error = await providerError { _ = try await harness.cloudflare().listLiveInputs() }
            #expect(error?.kind == .unavailable)
            #expect(error?.status == 503)
            #expect(try await harness.requests(matching: "/live_inputs").count == 3)
        }
    }

    @Test func unsafePostIsRetriedWhenTheProviderDidNotProcessIt() async throws {
        try await withEmulator { harness in
            try await harness.inject([["type": "server_error", "count": 1, "status": 503, "method": "POST"]])
            let video = try await harness.gjirafa().createLiveVideo(["title": "After 503", "channelId": "c"])
            #expect(video["title"] == "After 503")
            #expect(try await harness.state()["gjirafa"]?["live_videos"]?.arrayValue?.count == 1)
        }
    }

    @Test func callsAfterShutdownAreUsageErrors() async throws {
        let harness = try await EmulatorHarness.start()
        let client = harness.cloudflare()
        try await harness.finish()
        #expect(await providerError { _ = try await client.listLiveInputs() }?.kind == .usage)
    }

    @Test func logsNeverCarrySecrets() async throws {
        let (logger, store) = CapturingLogHandler.logger()
        try await withEmulator(logger: logger) { harness in
            let credentials = EmulatorHarness.credentials
            try await harness.inject([["type": "rate_limit", "count": 1, "retry_after": 0]])

            let signalWire = harness.signalWire()
            let roomID = try #require(try await signalWire.createRoom(["name": "secret_room"])["id"]?.stringValue)
            _ = try await signalWire.createRoomStream(roomID: roomID, url: "rtmp://ingest.example.com/live/sw-stream-key-123")
            _ = await providerError { _ = try await signalWire.createRoomStream(roomID: roomID, url: "http://bad.example.com/live/sw-bad-key-456") }

            let hms = harness.hms()
            let hmsRoom = try #require(try await hms.createRoom(["name": "secret-room"])["id"]?.stringValue)
            _ = try await hms.startExternalStream(roomID: hmsRoom, ["rtmp_urls": ["rtmp://a.rtmp.youtube.com/live2/hms-stream-key-789"]])
            let token = try #require(hms.tokens.cached?.value)

            let cloudflare = harness.cloudflare()
            let input = try await cloudflare.createLiveInput([:])
            let ingestKey = try #require(input["rtmps"]?["streamKey"]?.stringValue)
            _ = try await cloudflare.createOutput(
                liveInputUID: try #require(input["uid"]?.stringValue), ["url": "rtmp://live.example.com/app", "streamKey": "cf-output-key-321"]
            )

            let gjirafa = harness.gjirafa()
            let video = try #require(try await gjirafa.createLiveVideo(["title": "t", "channelId": "c"])["publicId"]?.stringValue)
            _ = try await gjirafa.createRestream(["videoId": .string(video), "title": "r", "streamUrl": "rtmp://x.example.com/app", "streamKey": "gj-key-654", "status": true])
            _ = await providerError { _ = try await harness.gjirafa(apiKey: "wrong-gjirafa-key-000").listLiveVideos() }

            let text = store.text
            #expect(text.contains("provider answered"))
            #expect(text.contains("retrying provider call"))
            #expect(text.contains("[redacted]"))
            for secret in [
                credentials.signalWire.apiToken, credentials.hms.secret, credentials.cloudflare.apiToken, credentials.gjirafa.apiKey,
                "wrong-gjirafa-key-000", token, ingestKey, "sw-stream-key-123", "sw-bad-key-456", "hms-stream-key-789",
                "cf-output-key-321", "gj-key-654",
            ].enumerated() {
                #expect(!text.contains(secret.element), "log output contains secret #\(secret.offset)")
            }
        }
    }

    @Test func errorMessagesNeverCarryTheStreamKey() async throws {
        try await withEmulator { harness in
            let client = harness.signalWire()
            let roomID = try #require(try await client.createRoom(["name": "err_room"])["id"]?.stringValue)
            let error = await providerError { _ = try await client.createRoomStream(roomID: roomID, url: "ftp://bad.example.com/live/leaky-key") }
            #expect(error?.kind == .invalid)
            #expect(error.map { !"\($0) \($0.details)".contains("leaky-key") } == true)
        }
    }
}
