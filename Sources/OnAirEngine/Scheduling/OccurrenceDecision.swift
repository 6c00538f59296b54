/// What was decided for one occurrence. Every occurrence gets exactly one, recorded once.
///
/// The raw values are the words the decision log, `onair runs` and metrics use.
public enum OccurrenceDecision: String, Sendable, Hashable, Codable, CaseIterable {
    /// A run was started for it.
    case fired
    /// A run of the same trigger was still going and the overlap policy is `skip`.
    case skippedOverlap = "skipped:overlap"
    /// The trigger was paused at its scheduled time.
    case skippedPaused = "skipped:paused"
    /// Its start could not begin within `start_within` (the engine was down or stalled, it waited
    /// in the overlap queue too long, or `catch_up` passed over it): recorded, not run.
    case missedLate = "missed:late"
}

/// Several consecutive occurrences with one decision, so a long outage is one entry in the log
/// instead of tens of thousands: after 30 days down, a 1-minute trigger records one span of
/// `missed:late` and at most one catch-up run.
///
/// Every occurrence of the trigger from `first` through `last` (both included) has `decision`;
/// `count` says how many there are.
public struct OccurrenceSpan: Sendable, Hashable, Codable {
    public let decision: OccurrenceDecision
    public let first: Occurrence
    public let last: Occurrence
    public let count: Int
}
