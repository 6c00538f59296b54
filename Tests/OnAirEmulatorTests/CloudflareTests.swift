import Foundation
import HTTPTypes
import HummingbirdTesting
import OnAirEmulator
import Testing

@Suite("Cloudflare Stream")
struct CloudflareTests {
    let auth = Auth.cloudflare
    let base = Auth.cloudflareBase

    @Test func liveInputCRUDInsideTheEnvelope() async throws {
        try await withEmulator { client in
            let created = try await client.send(.post, base, headers: auth, json: ["meta": ["name": "show"], "recording": ["mode": "automatic", "timeoutSeconds": 10], "deleteRecordingAfterDays": 30])
            #expect(created.status == .ok)
            let envelope = created.object
            #expect(envelope.bool("success") == true)
            #expect((envelope["errors"] as? [Any])?.isEmpty == true)
            #expect((envelope["messages"] as? [Any])?.isEmpty == true)
            let input = envelope.object("result")
            let uid = try #require(input.string("uid"))
            #expect(uid.count == 32 && uid.allSatisfy(\.isHexDigit))
            #expect(input.bool("enabled") == true)
            #expect(input.bool("preferLowLatency") == false)
            #expect(input.isNull("status"))
            #expect(input.int("deleteRecordingAfterDays") == 30)
            #expect(created.text.contains(#""deleteRecordingAfterDays":30,"#))
            #expect(input.object("meta").string("name") == "show")
            let recording = input.object("recording")
            #expect(recording.string("mode") == "automatic")
            #expect(recording.int("timeoutSeconds") == 10)
            #expect(recording.bool("requireSignedURLs") == false)
            #expect((recording["allowedOrigins"] as? [Any])?.isEmpty == true)
            #expect(input.object("rtmps").string("url") == "rtmps://live.cloudflare.com:443/live/")
            #expect(input.object("rtmps").string("streamKey")?.count == 65)
            #expect(input.object("srt").string("streamId") == uid)
            #expect(input.object("webRTC").string("url")?.hasSuffix("/webRTC/publish") == true)
            #expect(input["keysRotatedAt"] == nil)

            let fetched = try await client.send(.get, "\(base)/\(uid)", headers: auth)
            #expect(fetched.object.object("result").string("uid") == uid)

            let updated = try await client.send(.put, "\(base)/\(uid)", headers: auth, json: ["preferLowLatency": true, "deleteRecordingAfterDays": NSNull()])
            #expect(updated.status == .ok)
            #expect(updated.object.object("result").bool("preferLowLatency") == true)
            #expect(updated.object.object("result")["deleteRecordingAfterDays"] == nil)
            #expect(updated.object.object("result").object("recording").string("mode") == "automatic")

            let list = try await client.send(.get, "\(base)?include_counts=true", headers: auth).object.object("result")
            let summaries = list.objects("liveInputs")
            #expect(summaries.map { $0.string("uid") } == [uid])
            #expect(summaries.first?["rtmps"] == nil)
            #expect(list.int("total") == 1)
            #expect(list["range"] != nil)

            let deleted = try await client.send(.delete, "\(base)/\(uid)", headers: auth)
            #expect(deleted.status == .ok)
            #expect(deleted.object.bool("success") == true && deleted.object.isNull("result"))
            let gone = try await client.send(.get, "\(base)/\(uid)", headers: auth)
            #expect(gone.status == .notFound)
            #expect(gone.object.bool("success") == false && gone.object.isNull("result"))
            #expect(gone.object.objects("errors").first?.int("code") != nil)
        }
    }

    @Test func enableDisableAndRotateKeys() async throws {
        try await withEmulator { client in
            let input = try await client.send(.post, base, headers: auth, json: [:]).object.object("result")
            let uid = try #require(input.string("uid"))
            let disabled = try await client.send(.post, "\(base)/\(uid)/disable", headers: auth)
            #expect(disabled.status == .ok && disabled.object.object("result").bool("enabled") == false)
            let enabled = try await client.send(.post, "\(base)/\(uid)/enable", headers: auth)
            #expect(enabled.object.object("result").bool("enabled") == true)
            let rotated = try await client.send(.post, "\(base)/\(uid)/rotate_keys", headers: auth).object.object("result")
            #expect(rotated.object("rtmps").string("streamKey") != input.object("rtmps").string("streamKey"))
            #expect(rotated.object("srt").string("passphrase") != input.object("srt").string("passphrase"))
            #expect(rotated.string("keysRotatedAt") != nil)
            #expect(try await client.send(.post, "\(base)/\(String(repeating: "0", count: 32))/enable", headers: auth).status == .notFound)
        }
    }

    @Test func outputsCreateListToggleDelete() async throws {
        try await withEmulator { client in
            let uid = try #require(try await client.send(.post, base, headers: auth, json: [:]).object.object("result").string("uid"))
            let created = try await client.send(.post, "\(base)/\(uid)/outputs", headers: auth, json: ["url": "rtmp://a.rtmp.youtube.com/live2", "streamKey": "abcd"])
            #expect(created.status == .ok)
            let output = created.object.object("result")
            let outputID = try #require(output.string("uid"))
            #expect(output.bool("enabled") == true)
            #expect(output.string("streamKey") == "abcd")

            let listed = try await client.send(.get, "\(base)/\(uid)/outputs", headers: auth).object
            #expect((listed["result"] as? [[String: Any]])?.compactMap { $0["uid"] as? String } == [outputID])

            let toggled = try await client.send(.put, "\(base)/\(uid)/outputs/\(outputID)", headers: auth, json: ["enabled": false])
            #expect(toggled.object.object("result").bool("enabled") == false)
            let immutable = try await client.send(.put, "\(base)/\(uid)/outputs/\(outputID)", headers: auth, json: ["enabled": true, "url": "rtmp://x.example/y"])
            #expect(immutable.status == .badRequest)
            let missing = try await client.send(.put, "\(base)/\(uid)/outputs/\(outputID)", headers: auth, json: [:])
            #expect(missing.status == .badRequest)

            let deleted = try await client.send(.delete, "\(base)/\(uid)/outputs/\(outputID)", headers: auth)
            #expect(deleted.status == .ok && deleted.object.bool("success") == true)
            #expect(try await client.send(.delete, "\(base)/\(uid)/outputs/\(outputID)", headers: auth).status == .notFound)
            #expect(try await client.send(.get, "\(base)/\(String(repeating: "a", count: 32))/outputs", headers: auth).status == .notFound)
        }
    }

    @Test func validationErrorsAre400Envelopes() async throws {
        try await withEmulator { client in
            for body: [String: Any] in [["deleteRecordingAfterDays": 7], ["recording": ["mode": "sometimes"]], ["enabled": "yes"], ["meta": "x"]] {
                let reply = try await client.send(.post, base, headers: auth, json: body)
                #expect(reply.status == .badRequest, "\(body)")
                #expect(reply.object.bool("success") == false)
                #expect(reply.object.isNull("result"))
                let error = try #require(reply.object.objects("errors").first)
                #expect(error.int("code") != nil && error.string("message") != nil)
            }
            let uid = try #require(try await client.send(.post, base, headers: auth, json: [:]).object.object("result").string("uid"))
            for body: [String: Any] in [["url": "rtmp://a.example/live"], ["streamKey": "k"], ["url": "http://a.example", "streamKey": "k"]] {
                #expect(try await client.send(.post, "\(base)/\(uid)/outputs", headers: auth, json: body).status == .badRequest)
            }
        }
    }

    @Test func outputLimitIsEnforced() async throws {
        let configuration = EmulatorConfiguration(limits: .init(cloudflareOutputsPerLiveInput: 2), clock: .fixed(fixedNow))
        try await withEmulator(configuration) { client in
            let uid = try #require(try await client.send(.post, base, headers: auth, json: [:]).object.object("result").string("uid"))
            for index in 0..<2 {
                #expect(try await client.send(.post, "\(base)/\(uid)/outputs", headers: auth, json: ["url": "rtmp://x.example/live", "streamKey": "k\(index)"]).status == .ok)
            }
            let third = try await client.send(.post, "\(base)/\(uid)/outputs", headers: auth, json: ["url": "rtmp://x.example/live", "streamKey": "k3"])
            #expect(third.status == .badRequest)
            #expect(third.object.objects("errors").first?.string("message")?.contains("at most 2") == true)
        }
    }

    @Test func idempotencyKeyReturnsTheSameResource() async throws {
        try await withEmulator { client in
            var headers = auth
            headers[HTTPField.Name("Idempotency-Key")!] = "create-1"
            let first = try await client.send(.post, base, headers: headers, json: ["meta": ["name": "a"]]).object.object("result")
            let second = try await client.send(.post, base, headers: headers, json: ["meta": ["name": "a"]]).object.object("result")
            #expect(first.string("uid") == second.string("uid"))
            #expect(first.object("rtmps").string("streamKey") == second.object("rtmps").string("streamKey"))
            let other = try await client.send(.post, base, headers: auth, json: [:]).object.object("result")
            #expect(other.string("uid") != first.string("uid"))
            #expect(try await client.send(.get, base, headers: auth).object.object("result").objects("liveInputs").count == 2)

            let uid = try #require(first.string("uid"))
            headers[HTTPField.Name("Idempotency-Key")!] = "output-1"
            let output1 = try await client.send(.post, "\(base)/\(uid)/outputs", headers: headers, json: ["url": "rtmp://x.example/live", "streamKey": "k"]).object.object("result")
            let output2 = try await client.send(.post, "\(base)/\(uid)/outputs", headers: headers, json: ["url": "rtmp://x.example/live", "streamKey": "k"]).object.object("result")
            #expect(output1.string("uid") == output2.string("uid"))
            #expect((try await client.send(.get, "\(base)/\(uid)/outputs", headers: auth).object["result"] as? [Any])?.count == 1)
        }
    }

    @Test func authenticationFailuresUseCloudflareCodes() async throws {
        try await withEmulator { client in
            let none = try await client.send(.get, base)
            #expect(none.status == .badRequest)
            #expect(none.object.objects("errors").first?.int("code") == 9106)
            let garbled = try await client.send(.get, base, headers: [.authorization: "Token abc"])
            #expect(garbled.status == .badRequest)
            let garbledError = try #require(garbled.object.objects("errors").first)
            #expect(garbledError.int("code") == 6003)
            #expect(garbledError.objects("error_chain").first?.int("code") == 6111)
            let wrong = try await client.send(.get, base, headers: [.authorization: "Bearer wrong"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.object.objects("errors").first?.int("code") == 10000)
            let otherAccount = try await client.send(.get, "/client/v4/accounts/\(String(repeating: "f", count: 32))/stream/live_inputs", headers: auth)
            #expect(otherAccount.status == .forbidden)
            let badAccount = try await client.send(.get, "/client/v4/accounts/not-an-account/stream/live_inputs", headers: auth)
            #expect(badAccount.status == .badRequest)
            #expect(badAccount.object.objects("errors").first?.int("code") == 7003)
            let route = try await client.send(.get, "/client/v4/accounts/\(Auth.credentials.cloudflare.accountID)/stream/nothing", headers: auth)
            #expect(route.status == .notFound)
            #expect(route.object.bool("success") == false)
        }
    }
}
