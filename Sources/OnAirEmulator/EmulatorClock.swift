import Foundation

/// Where the emulator reads the current time for the timestamps it writes and for the state changes
/// that depend on time (a 100ms stream going from `starting` to `running`, a token's `exp`).
///
/// Tests pass a fixed or hand-driven clock so that timestamps and transitions are predictable;
/// `POST /_emulator/clock` can also move the emulator's time forward while it runs.
public struct EmulatorClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ now: @escaping @Sendable () -> Date) {
        self.read = now
    }

    public var now: Date { read() }

    /// The machine's wall clock.
    public static var system: EmulatorClock { EmulatorClock { Date() } }

    /// Always the same instant.
    public static func fixed(_ date: Date) -> EmulatorClock { EmulatorClock { date } }
}
