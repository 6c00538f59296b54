import Foundation

/// What the scheduling state machine asks its driver to do, in order.
///
/// `record` comes before the `startRun` it decides, so a driver that journals decisions before
/// acting (one row per trigger and scheduled instant) never starts a run it has not recorded.
public enum SchedulerAction: Sendable, Hashable {
    /// Record the decision for one occurrence.
    case record(OccurrenceDecision, Occurrence)
    /// Record one decision for a run of consecutive occurrences (a long outage, a long pause).
    case recordSpan(OccurrenceSpan)
    /// Start a run for the occurrence (its `fired` decision was recorded just before).
    case startRun(Occurrence)
    /// Cancel the run started for the occurrence (overlap `replace`); its teardown still runs.
    case cancelRun(Occurrence)
    /// The run's stop obligation is due: tear it down now, however late. Never skipped.
    case stopRun(Occurrence)
    /// Wake the machine (`timerFired`) at this instant; replaces any earlier request.
    case armTimer(at: Date)
    /// Nothing more is due: the trigger has run out and no run, queue or stop is pending.
    case disarmTimer
}
