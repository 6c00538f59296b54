import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A test-only way to crash the engine at a chosen moment, as `kill -9` would.
///
/// `ONAIR_FAILPOINT=after-provider-create:N` kills the process the N-th time a provider has
/// created a resource and the ledger has not yet recorded it: the window in which a crash could
/// leave a resource nobody knows about, which recovery must find again without creating a second
/// one. `after-ledger-commit:N` kills it just after the commit. Unset, nothing happens.
public final class Failpoint: Sendable {
    public enum Site: String, Sendable, CaseIterable {
        case afterProviderCreate = "after-provider-create"
        case afterLedgerCommit = "after-ledger-commit"
    }

    let site: Site
    let countdown: Mutex<Int>

    public init(site: Site, after count: Int) {
        self.site = site
        countdown = Mutex(count)
    }

    /// Reads `ONAIR_FAILPOINT`; nil when unset or malformed.
    public static func fromEnvironment(_ environment: [String: String]) -> Failpoint? {
        guard let text = environment["ONAIR_FAILPOINT"] else { return nil }
        let parts = text.split(separator: ":")
        guard let site = parts.first.flatMap({ Site(rawValue: String($0)) }) else { return nil }
        let count = parts.count > 1 ? Int(parts[1]) ?? 1 : 1
        return Failpoint(site: site, after: max(1, count))
    }

    func reach(_ here: Site) {
        guard here == site else { return }
        let fire = countdown.withLock { remaining in
            remaining -= 1
            return remaining == 0
        }
        if fire { kill(getpid(), SIGKILL) }
    }
}
