import Foundation
import OnAirProviders
import OnAirStore

/// Tearing down ledger entries with retries: after a run, for a stop obligation, in recovery.
public enum Teardown {
    /// Tries the built-in teardown of one resource up to `attempts` times (backing off), and
    /// records the outcome in the ledger. Returns whether it is gone.
    @discardableResult
    public static func attempt(
        _ resource: StoredResource, directory: ProviderDirectory, store: any OnAirStoreBackend, failures: DurableFailures,
        now: @Sendable () -> Date, events: @Sendable (RunEvent) -> Void, attempts: Int,
        maximumDelay: Duration = .seconds(30)
    ) async -> Bool {
        guard let id = resource.id else { return false }
        let what = "\(resource.provider) \(resource.kind) \(resource.providerID)"
        var delay = Duration.milliseconds(200)
        for attempt in 1...max(1, attempts) {
            do {
                try await directory.tearDown(resource)
                // Not marked: the resource is gone but the ledger says live, so the next sweep
                // tears it down again and the provider's 404 counts as done.
                _ = await failures.attempt("mark \(what) torn down", run: resource.runID) {
                    try await store.markTornDown(resourceID: id, at: now())
                }
                events(.tornDown(kind: resource.kind, provider: resource.provider, id: resource.providerID))
                return true
            } catch {
                let message = "\(error)"
                _ = await failures.attempt("count a failed teardown of \(what)", run: resource.runID) {
                    try await store.recordTeardownFailure(resourceID: id, error: message)
                }
                events(.teardownFailed(kind: resource.kind, provider: resource.provider, id: resource.providerID, error: message, attempt: attempt))
                if attempt == attempts { break }
                // Cancelled: the engine is stopping; what is left stays in the ledger for the next one.
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, maximumDelay)
            }
        }
        return false
    }

    /// Sends again every create of the run whose resource never reached the ledger (the engine
    /// stopped between the provider's answer and the ledger's commit, or while the request was in
    /// flight) and records what the provider answers, so the sweep tears it down. Retries while
    /// the provider cannot be reached; a create the provider refuses created nothing.
    public static func recoverIntents(
        runID: String, directory: ProviderDirectory, store: any OnAirStoreBackend, failures: DurableFailures,
        now: @escaping @Sendable () -> Date, events: @escaping @Sendable (RunEvent) -> Void, attempts: Int = 5
    ) async {
        guard let intents = await failures.attempt("read the run's open create intents", run: runID, {
            try await store.openCreateIntents(runID: runID)
        }) else { return }
        for intent in intents {
            var delay = Duration.milliseconds(200)
            for attempt in 1...attempts {
                do {
                    if let created = try await directory.replay(intent) {
                        let parents = String(decoding: try JSONEncoder().encode(created.parentIDs), as: UTF8.self)
                        _ = try await store.recordResource(NewResource(
                            runID: runID, stepKey: intent.stepKey, provider: created.provider.rawValue, kind: created.kind,
                            providerID: created.providerID, parentIDs: parents, details: created.details, keep: created.keep,
                            createdAt: now()))
                        events(.recorded(kind: created.kind, provider: created.provider.rawValue, id: created.providerID, isOutput: created.isOutput, stopDueAt: nil))
                    }
                    try await store.resolveCreateIntent(idempotencyKey: intent.idempotencyKey, at: now())
                    break
                } catch let error as ProviderError where !error.retryable {
                    // The provider refused the create, so it created nothing; left open, the
                    // intent is only sent (and refused) again by the next recovery.
                    _ = await failures.attempt("resolve a refused create intent", run: runID) {
                        try await store.resolveCreateIntent(idempotencyKey: intent.idempotencyKey, at: now())
                    }
                    break
                } catch {
                    if attempt == attempts || Task.isCancelled {
                        failures.record(error, "send again the create \(intent.operation)", run: runID)
                        break
                    }
                    // Cancelled: the engine is stopping; the intent stays open for the next one.
                    try? await Task.sleep(for: delay)
                    delay = delay * 2
                }
            }
        }
    }

    /// Tears down every live resource of a run that was not kept, newest first, retrying each
    /// until it is gone (backing off up to 30 s between rounds). Returns when the ledger of the
    /// run holds nothing live, or when the calling task is cancelled (what is left stays in the
    /// ledger, with its stop obligation, for the next engine).
    public static func sweep(
        runID: String, directory: ProviderDirectory, store: any OnAirStoreBackend, failures: DurableFailures,
        now: @escaping @Sendable () -> Date, events: @escaping @Sendable (RunEvent) -> Void,
        maximumDelay: Duration = .seconds(30)
    ) async -> Bool {
        var delay = Duration.milliseconds(500)
        // Every sleep below is cut short by cancellation, which ends the loop: the engine is stopping.
        while !Task.isCancelled {
            guard let live = await failures.attempt("list the run's live resources", run: runID, {
                try await store.liveResources(runID: runID, includingKept: false)
            }) else {
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, maximumDelay)
                continue
            }
            if live.isEmpty { return true }
            var failed = false
            for resource in live where !Task.isCancelled {
                if !(await attempt(resource, directory: directory, store: store, failures: failures, now: now, events: events, attempts: 2)) {
                    failed = true
                }
            }
            if failed {
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, maximumDelay)
            }
        }
        return false
    }
}
