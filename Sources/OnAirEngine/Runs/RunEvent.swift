import Foundation

/// What happens during a playbook run, for whoever shows progress (the terminal) or keeps a log.
public enum RunEvent: Sendable, Hashable {
    case started(runID: String, playbook: String, endsAt: Date?)
    case stepStarted(name: String, replayed: Bool)
    case stepFinished(name: String, failed: Bool)
    /// A resource entered the ledger; `stopDueAt` is its stop obligation (outputs only).
    case recorded(kind: String, provider: String, id: String, isOutput: Bool, stopDueAt: Date?)
    case holding(until: Date)
    case tearingDown(count: Int)
    case tornDown(kind: String, provider: String, id: String)
    case teardownFailed(kind: String, provider: String, id: String, error: String, attempt: Int)
    case finished(status: String)
}
