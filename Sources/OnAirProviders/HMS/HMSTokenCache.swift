import Foundation
import Synchronization

/// Holds the current management token and mints a new one when it nears expiry or when 100ms
/// refuses it.
///
/// Renewal happens once less than a tenth of the lifetime (at most five minutes) remains, so a
/// request never leaves with a token that expires on the way. Two calls racing to renew each
/// mint one; both tokens are valid, so no lock is held across the signing.
final class HMSTokenCache: Sendable {
    private let accessKey: String
    private let secret: String
    private let lifetime: Duration
    private let now: @Sendable () -> Date
    private let current = Mutex<HMSManagementToken?>(nil)

    init(accessKey: String, secret: String, lifetime: Duration, now: @escaping @Sendable () -> Date = { Date() }) {
        self.accessKey = accessKey
        self.secret = secret
        self.lifetime = lifetime
        self.now = now
    }

    var renewalMargin: TimeInterval {
        min(300, Double(lifetime.components.seconds) / 10)
    }

    /// A token valid for at least the renewal margin.
    func token() -> HMSManagementToken {
        let moment = now()
        if let token = current.withLock({ $0 }), token.expiresAt.timeIntervalSince(moment) > renewalMargin {
            return token
        }
        return renew()
    }

    /// Mints and stores a new token, whatever the current one's state.
    @discardableResult
    func renew() -> HMSManagementToken {
        let fresh = HMSManagementToken(accessKey: accessKey, secret: secret, lifetime: lifetime, now: now())
        current.withLock { $0 = fresh }
        return fresh
    }

    /// Replaces the cached token; lets tests stage a token the provider will refuse.
    func install(_ token: HMSManagementToken?) {
        current.withLock { $0 = token }
    }

    var cached: HMSManagementToken? { current.withLock { $0 } }
}
