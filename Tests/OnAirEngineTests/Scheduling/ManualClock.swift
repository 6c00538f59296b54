import Foundation
import Synchronization
import Testing

/// A clock for tests that moves only when told, plus the wall clock that moves with it (and can be
/// stepped on its own, like an NTP correction or a DST-unaware admin).
///
/// Sleepers are resumed when `advance` reaches their deadline, so a test steps a `TriggerTimer`
/// through days of schedule in milliseconds: wait for the timer to sleep, advance to its deadline.
final class ManualClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    private struct Sleeper {
        let id: Int
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var wall: Date
        var nextID = 0
        var sleepers: [Sleeper] = []
        var cancelledBeforeSleeping: Set<Int> = []
    }

    private let state: Mutex<State>

    init(wall: Date) {
        state = Mutex(State(wall: wall))
    }

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .zero }

    /// The wall-clock time (what `Date()` would say).
    var wallNow: Date { state.withLock { $0.wall } }

    /// The earliest deadline anyone sleeps until, nil when nobody sleeps.
    var earliestSleeper: Instant? { state.withLock { $0.sleepers.map(\.deadline).min() } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    if state.cancelledBeforeSleeping.remove(id) != nil { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else {
                    state.cancelledBeforeSleeping.insert(id)
                    return nil
                }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves both clocks forward and wakes every sleeper whose deadline has come.
    func advance(by duration: Duration) {
        let woken = state.withLock { state -> [Sleeper] in
            state.now = state.now.advanced(by: duration)
            state.wall = state.wall.addingTimeInterval(Self.seconds(duration))
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }

    /// Steps the wall clock alone (the monotonic clock does not jump).
    func stepWall(by seconds: TimeInterval) {
        state.withLock { $0.wall = $0.wall.addingTimeInterval(seconds) }
    }

    /// Waits until something sleeps on this clock (the driven task has finished reacting).
    func waitForSleeper() async {
        for _ in 0..<1_000_000 {
            if earliestSleeper != nil { return }
            await Task.yield()
        }
        Issue.record("nothing went to sleep on the manual clock")
    }

    /// Waits for the sleeper, then advances exactly to its deadline.
    func advanceToNextWake() async {
        await waitForSleeper()
        guard let deadline = earliestSleeper else { return }
        advance(by: now.duration(to: deadline))
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
