import Foundation
import GRDB

/// The step journal: intent before the provider call, outcome after.
extension SQLiteStore {
    public func beginStep(runID: String, name: String, idempotencyKey: String, at instant: Date) async throws -> StepJournalEntry {
        guard !idempotencyKey.isEmpty else {
            throw StoreError.invalid("step \"\(name)\" of run \(runID) needs an idempotency key")
        }
        return try await write("begin step \"\(name)\" of run \(runID)") { db in
            let run = try Self.existingRun(db, id: runID)
            if var step = try Self.step(db, key: idempotencyKey) {
                guard step.runID == runID else {
                    throw StoreError.conflict("idempotency key \(idempotencyKey) belongs to run \(step.runID), not \(runID)")
                }
                switch step.status {
                case .done, .failed:
                    return .finished(step)
                case .intent:
                    step.attempts += 1
                    try step.update(db)
                    return .resumed(step)
                }
            }
            if run.status.isFinished {
                throw StoreError.conflict("run \(runID) already finished as \(run.status.rawValue); no new steps")
            }
            var step = StoredStep(
                id: nil, runID: runID, name: name, idempotencyKey: idempotencyKey, status: .intent,
                attempts: 1, result: nil, error: nil, startedAt: instant, finishedAt: nil
            )
            try step.insert(db)
            return .started(step)
        }
    }

    public func completeStep(idempotencyKey: String, result: String, at instant: Date) async throws -> StoredStep {
        try await finishStep(idempotencyKey: idempotencyKey, status: .done, result: result, error: nil, at: instant)
    }

    public func failStep(idempotencyKey: String, error: String, at instant: Date) async throws -> StoredStep {
        try await finishStep(idempotencyKey: idempotencyKey, status: .failed, result: nil, error: error, at: instant)
    }

    public func steps(runID: String) async throws -> [StoredStep] {
        try await read("list steps of run \(runID)") { db in
            try StoredStep.filter(StoredStep.Columns.runID == runID).order(StoredStep.Columns.id).fetchAll(db)
        }
    }

    /// Records an outcome once. The same outcome journaled again (a retried commit) returns the
    /// step unchanged; a different one is a conflict, because the first is what the run acted on.
    private func finishStep(idempotencyKey: String, status: StoredStep.Status, result: String?, error: String?, at instant: Date) async throws -> StoredStep {
        try await write("finish step \(idempotencyKey)") { db in
            guard var step = try Self.step(db, key: idempotencyKey) else {
                throw StoreError.notFound("no step with idempotency key \(idempotencyKey)")
            }
            if step.status != .intent {
                if step.status == status && step.result == result && step.error == error {
                    return step
                }
                throw StoreError.conflict("step \(idempotencyKey) already finished as \(step.status.rawValue)")
            }
            step.status = status
            step.result = result
            step.error = error
            step.finishedAt = instant
            try step.update(db)
            return step
        }
    }

    private static func step(_ db: Database, key: String) throws -> StoredStep? {
        try StoredStep.filter(StoredStep.Columns.idempotencyKey == key).fetchOne(db)
    }
}
