/// What a `TriggerCommit` recorded for one occurrence: the decision that holds (an earlier one,
/// if the occurrence had been decided before) and the run this commit created, if any.
///
/// `run` is nil when the occurrence already had a decision or a run: the caller follows the
/// stored decision and starts nothing, because that run belongs to whoever created it.
public struct CommittedDecision: Sendable, Hashable {
    public var decision: StoredDecision
    public var run: StoredRun?

    public init(decision: StoredDecision, run: StoredRun?) {
        self.decision = decision
        self.run = run
    }
}
