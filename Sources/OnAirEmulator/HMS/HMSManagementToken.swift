import Foundation

/// Verifies a 100ms management token: a JWT signed HS256 with the app secret whose claims are
/// `access_key`, `type: "management"`, `version: 2`, `iat`, `nbf`, `exp` and `jti`.
///
/// Each check that fails names itself in the error's `details`, so a client author sees which
/// part of the token is wrong.
struct HMSManagementToken {
    let credentials: EmulatorCredentials.HMS

    func verify(authorization header: String?, now: Date) throws(HMSError) {
        guard let header, !header.isEmpty else { throw .tokenInvalid("not found") }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw .tokenInvalid("authorization header must be 'Bearer <management token>'")
        }
        let segments = parts[1].trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3,
            let headerBytes = Self.base64URLDecode(segments[0]),
            let payloadBytes = Self.base64URLDecode(segments[1]),
            let signature = Self.base64URLDecode(segments[2]),
            case .object(let joseHeader)? = try? JSONDecoder().decode(JSONValue.self, from: Data(headerBytes)),
            case .object(let claims)? = try? JSONDecoder().decode(JSONValue.self, from: Data(payloadBytes))
        else {
            throw .tokenInvalid("malformed token")
        }
        guard joseHeader["alg"] == .string("HS256") else { throw .tokenInvalid("signing method must be HS256") }
        let signingInput = Array("\(segments[0]).\(segments[1])".utf8)
        let expected = HMACSHA256.authenticationCode(for: signingInput, key: Array(credentials.secret.utf8))
        guard HMACSHA256.constantTimeEquals(expected, signature) else { throw .tokenInvalid("signature is invalid") }

        guard claims["access_key"] == .string(credentials.accessKey) else { throw .tokenInvalid("access_key is invalid") }
        guard claims["type"] == .string("management") else { throw .tokenInvalid("type must be management") }
        guard claims["version"] == .number(2) else { throw .tokenInvalid("version must be 2") }
        let nowSeconds = now.timeIntervalSince1970
        let skew = Double(credentials.allowedClockSkewSeconds)
        guard case .number(let expiry)? = claims["exp"] else { throw .tokenInvalid("exp is missing") }
        guard expiry > nowSeconds - skew else { throw .tokenInvalid("token is expired") }
        if case .number(let notBefore)? = claims["nbf"], notBefore > nowSeconds + skew {
            throw .tokenInvalid("token is not valid yet")
        }
        if case .number(let issuedAt)? = claims["iat"], issuedAt > nowSeconds + skew {
            throw .tokenInvalid("token used before issued")
        }
    }

    static func base64URLDecode(_ text: Substring) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map { Array($0) }
    }
}
