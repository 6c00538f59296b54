/// One run with its steps in the order they began, for `onair runs`.
public struct RunHistoryEntry: Sendable, Hashable {
    public var run: StoredRun
    public var steps: [StoredStep]

    public init(run: StoredRun, steps: [StoredStep]) {
        self.run = run
        self.steps = steps
    }
}
