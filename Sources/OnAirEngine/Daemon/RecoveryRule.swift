import Foundation

/// What a starting daemon does with a run (or a `fired` decision without a run) that no living
/// process owns. One rule for every crash point, so that each occurrence ends up run exactly once
/// or recorded as not run, and nothing it created stays live:
///
/// - A run that is tearing down, was not fired by a schedule (`onair run`), or whose schedule is
///   cancelled: torn down.
/// - A run that had begun (its journal or ledger holds something): resumed while its end is
///   ahead, otherwise torn down. Its start is behind it, so `start_within` no longer applies.
/// - A firing that never began (no run row, or a row with an empty journal and ledger): started
///   now if its start deadline (`scheduled + start_within`) and its end are both still ahead, as
///   the daemon would have started it on time; otherwise it is a start that cannot begin in time,
///   the misfire rule applies, and the run is closed as `torn_down` with the reason, without
///   running (the decision stays `fired`: decisions are final).
public enum RecoveryRule {
    public enum Verdict: Sendable, Hashable {
        case resume
        case tearDown
        /// Not run: closed as `torn_down` with this reason.
        case notStarted(reason: String)
    }

    /// What is known about one recoverable run.
    public struct Facts: Sendable, Hashable {
        /// Whether the run's status is `tearingDown`.
        public var tearingDown: Bool
        /// Whether an active (not cancelled) schedule fired it.
        public var scheduled: Bool
        /// Whether its journal, ledger or create intents hold anything.
        public var begun: Bool
        public var endsAt: Date?
        /// `scheduled + start_within`; nil for a run no schedule fired.
        public var startDeadline: Date?

        public init(tearingDown: Bool, scheduled: Bool, begun: Bool, endsAt: Date?, startDeadline: Date?) {
            self.tearingDown = tearingDown
            self.scheduled = scheduled
            self.begun = begun
            self.endsAt = endsAt
            self.startDeadline = startDeadline
        }
    }

    public static func verdict(_ facts: Facts, now: Date) -> Verdict {
        guard !facts.tearingDown, facts.scheduled else { return .tearDown }
        let endAhead = (facts.endsAt ?? .distantFuture) > now
        if facts.begun { return endAhead ? .resume : .tearDown }
        guard let deadline = facts.startDeadline, now <= deadline else {
            return .notStarted(reason: "not started: no engine was running before its start deadline passed (start_within)")
        }
        guard endAhead else {
            return .notStarted(reason: "not started: no engine was running before its end passed")
        }
        return .resume
    }
}
