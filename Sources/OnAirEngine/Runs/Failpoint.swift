import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A test-only way to crash the engine at a chosen moment, as `kill -9` would, or to freeze it
/// there, as a stalled process would be.
///
/// `ONAIR_FAILPOINT=SITE:N` kills the process the N-th time it reaches `SITE`;
/// `ONAIR_FAILPOINT=SITE:N:stop` stops it there instead (SIGSTOP: the process stays alive, so its
/// runs still have a living owner, until the test kills or continues it). The sites sit between the
/// engine's durable writes, where a crash must lose nothing and a second engine must take nothing
/// that is still owned (docs/playbooks.md lists what recovery does after each). Unset, nothing
/// happens.
public final class Failpoint: Sendable {
    public enum Site: String, Sendable, CaseIterable {
        /// The daemon has decided an occurrence `fired`; nothing of it is in the store yet.
        case beforeFireCommit = "before-fire-commit"
        /// Decision, run row with its owner and trigger snapshot are committed; the run has not begun.
        case afterFireCommit = "after-fire-commit"
        /// A recovering daemon has taken over a dead owner's run; it has not resumed or torn it down.
        case afterRunClaim = "after-run-claim"
        /// A run has ended and its final status is stored; its trigger has not heard of it yet.
        case afterRunEnd = "after-run-end"
        /// `onair run`: the run row with its owner is committed; the playbook's `run` has not begun.
        case afterRunRow = "after-run-row"
        /// A provider created a resource and the ledger has not recorded it.
        case afterProviderCreate = "after-provider-create"
        /// The ledger has just recorded a created resource.
        case afterLedgerCommit = "after-ledger-commit"
    }

    public enum Action: String, Sendable {
        /// SIGKILL: the process ends at once, as with `kill -9`.
        case kill
        /// SIGSTOP: the process freezes and stays alive.
        case stop
    }

    let site: Site
    let action: Action
    let countdown: Mutex<Int>

    public init(site: Site, after count: Int, action: Action = .kill) {
        self.site = site
        self.action = action
        countdown = Mutex(count)
    }

    /// Reads `ONAIR_FAILPOINT` (`SITE[:N[:kill|stop]]`); nil when unset or malformed.
    public static func fromEnvironment(_ environment: [String: String]) -> Failpoint? {
        guard let text = environment["ONAIR_FAILPOINT"] else { return nil }
        let parts = text.split(separator: ":")
        guard let site = parts.first.flatMap({ Site(rawValue: String($0)) }) else { return nil }
        let count = parts.count > 1 ? Int(parts[1]) ?? 1 : 1
        let action = parts.count > 2 ? Action(rawValue: String(parts[2])) : .kill
        guard let action else { return nil }
        return Failpoint(site: site, after: max(1, count), action: action)
    }

    func reach(_ here: Site) {
        guard here == site else { return }
        let fire = countdown.withLock { remaining in
            remaining -= 1
            return remaining == 0
        }
        guard fire else { return }
        switch action {
        case .kill: kill(getpid(), SIGKILL)
        case .stop: kill(getpid(), SIGSTOP)
        }
    }
}
