import Crypto
import Foundation

/// A 100ms management token: a JWT signed HS256 with the app secret, minted locally.
///
/// Claims, as 100ms documents them (research/providers.md §2.1): `access_key`, `type:
/// "management"`, `version: 2`, `iat`, `nbf`, `exp` (epoch seconds) and `jti` (a random UUID).
/// Like 100ms's own server SDK, `iat` is set ten seconds in the past so a provider clock running
/// slightly behind does not refuse a fresh token; `nbf` equals `iat`, and `exp` is `iat` plus the
/// lifetime.
struct HMSManagementToken: Sendable, Equatable {
    /// The compact JWT, `header.payload.signature`.
    let value: String
    let issuedAt: Date
    let expiresAt: Date
    let id: String

    static let clockSkewAllowance: TimeInterval = 10

    init(accessKey: String, secret: String, lifetime: Duration, now: Date, id: String = UUID().uuidString.lowercased()) {
        let issued = Date(timeIntervalSince1970: (now.timeIntervalSince1970 - Self.clockSkewAllowance).rounded(.down))
        let lifetimeSeconds = lifetime.components.seconds
        let expires = issued.addingTimeInterval(TimeInterval(lifetimeSeconds))
        let header: JSONValue = ["alg": "HS256", "typ": "JWT"]
        let claims: JSONValue = [
            "access_key": .string(accessKey),
            "type": "management",
            "version": 2,
            "iat": .integer(Int64(issued.timeIntervalSince1970)),
            "nbf": .integer(Int64(issued.timeIntervalSince1970)),
            "exp": .integer(Int64(expires.timeIntervalSince1970)),
            "jti": .string(id),
        ]
        let signingInput = Self.base64URL(header.encoded()) + "." + Self.base64URL(claims.encoded())
        let signature = HMAC<SHA256>.authenticationCode(for: Array(signingInput.utf8), using: SymmetricKey(data: Array(secret.utf8)))
        self.value = signingInput + "." + Self.base64URL(Array(signature))
        self.issuedAt = issued
        self.expiresAt = expires
        self.id = id
    }

    /// Base64url without padding (RFC 7515 §2).
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
