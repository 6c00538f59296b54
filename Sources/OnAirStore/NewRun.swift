import Foundation

/// What the engine knows when a run starts; the store adds the id and the `running` status.
public struct NewRun: Sendable, Hashable {
    public var scheduleID: String?
    public var scheduledAt: Date?
    public var playbook: String
    public var arguments: String
    public var startedAt: Date
    public var endsAt: Date?
    /// The process in charge from the first moment (`RunOwner` text, `host/pid/start`): written
    /// with the row, so no engine ever sees this run without an owner and mistakes it for one a
    /// dead process left.
    public var owner: String?

    /// - Parameters:
    ///   - scheduleID: the schedule that fired, with `scheduledAt` the occurrence; both nil for
    ///     `onair run`. A second run for the same occurrence is a conflict.
    ///   - endsAt: start + `duration`, when the playbook has one.
    ///   - owner: the process that will run it; its lease is taken in the same write (fencing token 1).
    public init(
        scheduleID: String? = nil, scheduledAt: Date? = nil, playbook: String, arguments: String = "{}", startedAt: Date,
        endsAt: Date? = nil, owner: String? = nil
    ) {
        self.scheduleID = scheduleID
        self.scheduledAt = scheduledAt
        self.playbook = playbook
        self.arguments = arguments
        self.startedAt = startedAt
        self.endsAt = endsAt
        self.owner = owner
    }
}
