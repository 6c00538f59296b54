import Foundation

/// Everything one event of a trigger's state machine changes, written as one transaction: the
/// decisions it made, a run row (with its owner) for each `fired` one, and the machine's snapshot
/// after the event.
///
/// Written together because any split leaves a crash window: a snapshot saved before its decisions
/// forgets occurrences (the cursor has passed them, no decision says what became of them); a
/// decision saved before its run leaves a firing that nobody runs; a run saved before its owner
/// looks abandoned to the next engine, which would tear down a live run.
public struct TriggerCommit: Sendable, Hashable {
    /// One occurrence's decision, and the run to create when it is recorded as decided here.
    public struct Decision: Sendable, Hashable {
        public var scheduledAt: Date
        /// The engine's decision word (`fired`, `skipped:overlap`, ...).
        public var decision: String
        /// The run of a `fired` decision; created only if this decision is the one recorded and
        /// the occurrence has no run yet.
        public var run: NewRun?

        public init(scheduledAt: Date, decision: String, run: NewRun? = nil) {
            self.scheduledAt = scheduledAt
            self.decision = decision
            self.run = run
        }
    }

    public var scheduleID: String
    public var decisions: [Decision]
    public var decidedAt: Date
    /// The machine's snapshot JSON after the event; opaque to the store.
    public var snapshot: String

    public init(scheduleID: String, decisions: [Decision], decidedAt: Date, snapshot: String) {
        self.scheduleID = scheduleID
        self.decisions = decisions
        self.decidedAt = decidedAt
        self.snapshot = snapshot
    }
}
