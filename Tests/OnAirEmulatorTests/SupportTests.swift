import Foundation
import Testing
@testable import OnAirEmulator

@Suite("Support")
struct SupportTests {
    @Test func sha256MatchesPublishedVectors() {
        #expect(SHA256.hash(Array("abc".utf8)).hexString == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hash([UInt8]()).hexString == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hash(long).hexString == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func hmacMatchesRFC4231() {
        // Test case 2 of RFC 4231.
        let code = HMACSHA256.authenticationCode(for: Array("what do ya want for nothing?".utf8), key: Array("Jefe".utf8))
        #expect(code.hexString == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // Test case 6: a key longer than the block size.
        let key = [UInt8](repeating: 0xaa, count: 131)
        let message = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        #expect(HMACSHA256.authenticationCode(for: message, key: key).hexString == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func identifiersHaveEachProvidersFormatAndRepeatWithASeed() {
        var first = IdentifierGenerator(seed: 42)
        var second = IdentifierGenerator(seed: 42)
        let uuid = first.uuid()
        #expect(uuid == second.uuid())
        #expect(UUID(uuidString: uuid) != nil && uuid == uuid.lowercased())
        #expect(Array(uuid)[14] == "4")
        let hex = first.hex(24)
        #expect(hex.count == 24 && hex.allSatisfy(\.isHexDigit))
        let letters = first.letters(8)
        #expect(letters.count == 8 && letters.allSatisfy(\.isLowercase))
    }

    @Test func timestampsUseUTCAndAcceptDateOnlyWhereAllowed() {
        let date = Date(timeIntervalSince1970: 1_767_268_800.25)
        #expect(Timestamp.seconds(date) == "2026-01-01T12:00:00Z")
        #expect(Timestamp.milliseconds(date) == "2026-01-01T12:00:00.250Z")
        #expect(Timestamp.parse("2026-01-01T12:00:00Z") != nil)
        #expect(Timestamp.parse("2026-01-01T12:00:00.250Z") != nil)
        #expect(Timestamp.parse("2026-01-01") == nil)
        #expect(Timestamp.parse("2026-01-01", allowsDateOnly: true) == Date(timeIntervalSince1970: 1_767_225_600))
    }

    @Test func faultPlanDecodesItsWireFormWithDefaults() throws {
        let json = #"{"latency_ms": 20, "rules": [{"type": "rate_limit"}, {"type": "drop_after_commit", "mode": "respond", "status": 502, "method": "post"}]}"#
        let plan = try JSONDecoder().decode(FaultPlan.self, from: Data(json.utf8))
        #expect(plan.latencyMilliseconds == 20)
        #expect(plan.rules[0] == FaultRule(kind: .rateLimit))
        #expect(plan.rules[1] == FaultRule(kind: .dropAfterCommit, status: 502, mode: .respond, method: "POST"))
    }

    @Test func defaultCredentialsAreTheDocumentedOnes() {
        let credentials = EmulatorCredentials.default
        #expect(credentials.signalWire.projectID == "00000000-0000-4000-8000-000000000001")
        #expect(credentials.signalWire.apiToken == "PTonair-emulator-signalwire-token")
        #expect(credentials.hms.accessKey == "onair-emulator-hms-access-key")
        #expect(credentials.hms.secret == "onair-emulator-hms-app-secret")
        #expect(credentials.cloudflare.apiToken == "onair-emulator-cloudflare-token")
        #expect(credentials.cloudflare.accountID == "0000000000000000000000000000c0de")
        #expect(credentials.gjirafa.apiKey == "onair-emulator-gjirafa-key")
        #expect(credentials.gjirafa.projectID == "onairdev")
        #expect(credentials.gjirafa.headerName == "Authorization" && credentials.gjirafa.scheme == "Bearer")
    }
}
