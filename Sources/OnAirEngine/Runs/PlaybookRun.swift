import Foundation
import OnAirLua
import OnAirProviders
import OnAirStore
import Synchronization

/// One run of a playbook as the store sees it: the step journal, the resource ledger and the
/// durable timers, behind the functions the playbook driver (`PlaybookDriver`) calls.
///
/// Step keys are `run/name#n` (the n-th step of that name in the run), so a run that is resumed
/// after a crash asks the journal for the same keys in the same order and gets back what was
/// already done. Steps run one at a time; bindings called while a step runs belong to it.
public final class PlaybookRun: ResourceRecorder, Sendable {
    let store: any OnAirStoreBackend
    let wallClock: @Sendable () -> Date
    let events: @Sendable (RunEvent) -> Void
    let failpoint: Failpoint?
    let failures: DurableFailures
    private let state = Mutex(State())
    /// Set when the run exists in the store: at once for a run that fired or is resumed, after
    /// the file's top level for `onair run` (a file that turns out to be a plain script has none).
    private let identity = Mutex<Identity?>(nil)

    struct Identity {
        var run: StoredRun
        /// When stop obligations fall due: end (or start + the longest run) + grace.
        var stopDueAt: Date
    }

    public var id: String { identity.withLock { $0?.run.id ?? "" } }
    var stored: StoredRun? { identity.withLock { $0?.run } }
    var stopDueAt: Date { identity.withLock { $0?.stopDueAt ?? .distantFuture } }

    func started(_ run: StoredRun, stopDueAt: Date) {
        identity.withLock { $0 = Identity(run: run, stopDueAt: stopDueAt) }
    }

    struct State {
        var counts: [String: Int] = [:]
        var current: (name: String, key: String)?
        var fingerprints: [String: Int] = [:]
        var undoKeys: Set<String> = []
    }

    init(
        store: any OnAirStoreBackend, wallClock: @escaping @Sendable () -> Date,
        failpoint: Failpoint?, failures: DurableFailures, events: @escaping @Sendable (RunEvent) -> Void
    ) {
        self.store = store
        self.wallClock = wallClock
        self.failpoint = failpoint
        self.failures = failures
        self.events = events
    }

    // MARK: Steps

    /// The next key for a step called `name`.
    func nextKey(_ name: String) -> String {
        state.withLock { state in
            let count = (state.counts[name] ?? 0) + 1
            state.counts[name] = count
            return "\(id)/\(name)#\(count)"
        }
    }

    /// Journals the intent of a step (or finds its outcome) and makes it the current step.
    func begin(_ name: String) async throws -> StepJournalEntry {
        let key = nextKey(name)
        try state.withLock { state in
            if let current = state.current {
                throw LuaError(.usage, "ctx:step \"\(name)\": steps run one at a time, and \"\(current.name)\" has not finished", binding: "ctx:step")
            }
            state.current = (name, key)
        }
        do {
            let entry = try await store.beginStep(runID: id, name: name, idempotencyKey: key, at: wallClock())
            if case .finished = entry { endStep() }
            events(.stepStarted(name: name, replayed: { if case .started = entry { false } else { true } }()))
            return entry
        } catch {
            endStep()
            throw error
        }
    }

    func endStep() {
        state.withLock { $0.current = nil }
    }

    func complete(_ key: String, name: String, result: String) async throws {
        endStep()
        _ = try await store.completeStep(idempotencyKey: key, result: result, at: wallClock())
        events(.stepFinished(name: name, failed: false))
    }

    func fail(_ key: String, name: String, error message: String) async throws {
        endStep()
        _ = try await store.failStep(idempotencyKey: key, error: message, at: wallClock())
        events(.stepFinished(name: name, failed: true))
    }

    /// A step's own undo replaces the default teardown of what it created.
    func markUndo(_ key: String) {
        _ = state.withLock { $0.undoKeys.insert(key) }
    }

    func hasUndo(_ key: String?) -> Bool {
        guard let key else { return false }
        return state.withLock { $0.undoKeys.contains(key) }
    }

    // MARK: Ledger

    public func idempotencyKey(operation: String, fingerprint: String) -> String? {
        state.withLock { state -> String? in
            guard let step = state.current else { return nil }
            let base = "\(step.key) \(operation) \(fingerprint)"
            let count = (state.fingerprints[base] ?? 0) + 1
            state.fingerprints[base] = count
            return Self.idempotencyKey(step: step.key, operation: operation, fingerprint: fingerprint, occurrence: count)
        }
    }

    /// The key of the `occurrence`-th identical create (`operation` with `fingerprint`, the
    /// request as canonical JSON) in the step whose journal key is `step`: the same inputs give
    /// the same key in every process, so a create repeated after a crash is recognised.
    public static func idempotencyKey(step: String, operation: String, fingerprint: String, occurrence: Int) -> String {
        let base = "\(step) \(operation) \(fingerprint)"
        let digest = { (text: String) in ScriptDigest.of(text).dropFirst("fnv1a64:".count) }
        return "onair-\(digest("\(base) #\(occurrence)"))-\(digest("#\(occurrence) \(base)"))"
    }

    public func intend(operation: String, idempotencyKey: String, request: JSONValue, keep: Bool) async throws {
        guard stored != nil else { return }
        let stepKey = state.withLock { $0.current?.key }
        try await store.recordCreateIntent(StoredCreateIntent(
            idempotencyKey: idempotencyKey, runID: id, stepKey: stepKey, operation: operation,
            request: String(decoding: request.encoded(), as: UTF8.self), keep: keep, createdAt: wallClock()))
    }

    public func resolve(idempotencyKey: String) async {
        guard stored != nil else { return }
        // Left open, the intent is sent again at recovery and the provider's idempotency answers
        // with the resource already in the ledger: harmless, but logged and counted.
        _ = await failures.attempt("resolve the create intent", run: id) {
            try await store.resolveCreateIntent(idempotencyKey: idempotencyKey, at: wallClock())
        }
    }

    public func record(_ resource: CreatedResource, operation: String) async throws {
        // Created by the file's top level before its playbook started: not part of a run.
        guard stored != nil else { return }
        failpoint?.reach(.afterProviderCreate)
        let stepKey = state.withLock { $0.current?.key }
        let parents = String(decoding: try JSONEncoder().encode(resource.parentIDs), as: UTF8.self)
        let due = resource.isOutput && !resource.keep ? stopDueAt : nil
        _ = try await store.recordResource(NewResource(
            runID: id, stepKey: stepKey, provider: resource.provider.rawValue, kind: resource.kind,
            providerID: resource.providerID, parentIDs: parents, details: resource.details, keep: resource.keep,
            createdAt: wallClock(), stopDueAt: due))
        failpoint?.reach(.afterLedgerCommit)
        events(.recorded(kind: resource.kind, provider: resource.provider.rawValue, id: resource.providerID, isOutput: resource.isOutput, stopDueAt: due))
    }
}
