import OnAirLua
import OnAirProviders

/// Runs a start (the `local` profile's built-in emulator) at most once, however many first calls
/// arrive together.
///
/// A script's first provider calls often come at once (`onair.all`, `onair.spawn`): each of them
/// waits for the one start under way instead of starting a second server on the same port. A
/// start that fails is reported to every caller that waited for it, and the next call tries again.
/// After ``finish()`` no start happens any more and calls fail with `unavailable`.
public actor StartOnce<Started: Sendable> {
    private let start: @Sendable () async throws -> Started
    private var attempt: Task<Started, any Error>?
    private var finished = false

    public init(_ start: @escaping @Sendable () async throws -> Started) {
        self.start = start
    }

    /// What the start produced, starting it if no start has succeeded or is under way.
    public func value() async throws -> Started {
        guard !finished else {
            throw LuaError(LuaError.Kind(rawValue: "unavailable"), "the built-in emulator has been stopped")
        }
        let current: Task<Started, any Error>
        if let attempt {
            current = attempt
        } else {
            current = Task { [start] in try await start() }
            attempt = current
        }
        do {
            return try await current.value
        } catch {
            // Only the failed attempt is forgotten, so that a later call may try again.
            if attempt == current { attempt = nil }
            throw error
        }
    }

    /// Stops further starts and hands back what was started (after waiting for a start still under
    /// way), so that the caller can stop it.
    public func finish() async -> Started? {
        finished = true
        guard let current = attempt else { return nil }
        attempt = nil
        return try? await current.value
    }
}

extension Profile {
    /// The transport's readiness check for this profile: a request to a provider the built-in
    /// emulator serves waits for `emulator` to have started; a provider sent elsewhere (a real host,
    /// or `ONAIR_<PROVIDER>_BASE_URL`) never starts it.
    public func readiness<Started>(starting emulator: StartOnce<Started>) -> @Sendable (ProviderName) async throws -> Void {
        let emulated = emulatedProviders
        return { provider in
            if emulated.contains(provider) { _ = try await emulator.value() }
        }
    }
}
