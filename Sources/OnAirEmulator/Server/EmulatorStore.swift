import Foundation

/// The emulator's memory: every provider's resources, the clock offset set through the control
/// API, the id generator and the request journal.
///
/// One actor owns all of it, so every request sees and makes changes atomically and a reset cannot
/// interleave with a create. It lives as long as the process (or the ``EmulatorServer``).
actor EmulatorStore {
    private let configuration: EmulatorConfiguration
    private var states = ProviderStates()
    private var ids: IdentifierGenerator
    private var clockOffsetSeconds: Double = 0
    private var journal: [JournalEntry] = []

    init(configuration: EmulatorConfiguration) {
        self.configuration = configuration
        self.ids = IdentifierGenerator(seed: configuration.randomSeed)
    }

    /// The emulator's time: the configured clock moved by every `POST /_emulator/clock`.
    var now: Date { configuration.clock.now.addingTimeInterval(clockOffsetSeconds) }

    /// Runs one read or change against the provider states with exclusive access.
    func access<Result: Sendable>(
        _ body: @Sendable (inout ProviderStates, inout StoreContext) throws -> Result
    ) throws -> Result {
        var context = StoreContext(now: now, ids: ids, configuration: configuration)
        defer { ids = context.ids }
        return try body(&states, &context)
    }

    func advanceClock(bySeconds seconds: Double) -> Date {
        clockOffsetSeconds += seconds
        return now
    }

    /// Forgets every resource and the journal; ids continue from where they were, so a reset does
    /// not hand out an id a client may still hold.
    func reset() {
        states = ProviderStates()
        journal.removeAll()
        clockOffsetSeconds = 0
    }

    func record(_ entry: JournalEntry) {
        journal.append(entry)
        if journal.count > configuration.limits.journalCapacity {
            journal.removeFirst(journal.count - configuration.limits.journalCapacity)
        }
    }

    func snapshot() -> StateSnapshot {
        var context = StoreContext(now: now, ids: ids, configuration: configuration)
        states.hms.advance(context: &context)
        return StateSnapshot(
            signalWire: states.signalWire.snapshot,
            hms: states.hms.snapshot,
            cloudflare: states.cloudflare.snapshot,
            gjirafa: states.gjirafa.snapshot,
            now: Timestamp.milliseconds(now),
            requests: journal
        )
    }
}

/// The body of `GET /_emulator/state`: every stored resource in its provider's wire form, grouped
/// by provider, plus the journal of recent requests.
struct StateSnapshot: Encodable, Sendable {
    var signalWire: SignalWireState.Snapshot
    var hms: HMSState.Snapshot
    var cloudflare: CloudflareState.Snapshot
    var gjirafa: GjirafaState.Snapshot
    var now: String
    var requests: [JournalEntry]

    enum CodingKeys: String, CodingKey {
        case signalWire = "signalwire"
        case hms = "100ms"
        case cloudflare, gjirafa, now, requests
    }
}
