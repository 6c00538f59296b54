import Foundation
import HTTPTypes
@testable import OnAirEmulator

/// Authorization headers built from the emulator's default credentials, the way each provider's
/// client builds them.
enum Auth {
    static let credentials = EmulatorCredentials.default

    static var signalWire: HTTPFields {
        basic(user: credentials.signalWire.projectID, password: credentials.signalWire.apiToken)
    }

    static func basic(user: String, password: String) -> HTTPFields {
        [.authorization: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()]
    }

    static var cloudflare: HTTPFields {
        [.authorization: "Bearer \(credentials.cloudflare.apiToken)"]
    }

    static var gjirafa: HTTPFields {
        [.authorization: "Bearer \(credentials.gjirafa.apiKey)"]
    }

    static func hms(now: Date = Date(), _ adjust: (inout [String: Any]) -> Void = { _ in }) -> HTTPFields {
        [.authorization: "Bearer " + ManagementToken.make(now: now, adjust)]
    }

    static let cloudflareBase = "/client/v4/accounts/\(credentials.cloudflare.accountID)/stream/live_inputs"
    static let gjirafaBase = "/api/v1/\(credentials.gjirafa.projectID)"
}

/// Signs 100ms management tokens as 100ms's server SDK does: HS256 over base64url JSON, with
/// `iat` ten seconds in the past.
enum ManagementToken {
    static func make(
        now: Date = Date(),
        secret: String = Auth.credentials.hms.secret,
        algorithm: String = "HS256",
        _ adjust: (inout [String: Any]) -> Void = { _ in }
    ) -> String {
        let issued = Int(now.timeIntervalSince1970) - 10
        var claims: [String: Any] = [
            "access_key": Auth.credentials.hms.accessKey, "type": "management", "version": 2,
            "iat": issued, "nbf": issued, "exp": issued + 86400, "jti": UUID().uuidString.lowercased(),
        ]
        adjust(&claims)
        let header = encode(["alg": algorithm, "typ": "JWT"])
        let payload = encode(claims)
        let signature = HMACSHA256.authenticationCode(for: Array("\(header).\(payload)".utf8), key: Array(secret.utf8))
        return "\(header).\(payload).\(base64URL(signature))"
    }

    static func encode(_ object: [String: Any]) -> String {
        base64URL(Array(try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])))
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
