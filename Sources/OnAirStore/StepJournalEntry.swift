/// What the journal says when a step begins, so the engine knows whether to call the provider.
public enum StepJournalEntry: Sendable, Hashable {
    /// First time this key is seen: the intent is now journaled; call the provider.
    case started(StoredStep)
    /// The key has a journaled intent without an outcome (the engine stopped mid-step): the attempt
    /// count went up; call the provider again with the same key.
    case resumed(StoredStep)
    /// The step already finished: use `step.result` (or re-raise `step.error`); do not call the provider.
    case finished(StoredStep)

    public var step: StoredStep {
        switch self {
        case .started(let step), .resumed(let step), .finished(let step): step
        }
    }
}
