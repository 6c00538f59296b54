import Foundation

/// What the engine knows when a run starts; the store adds the id and the `running` status.
public struct NewRun: Sendable, Hashable {
    public var scheduleID: String?
    public var scheduledAt: Date?
    public var playbook: String
    public var arguments: String
    public var startedAt: Date
    public var endsAt: Date?

    /// - Parameters:
    ///   - scheduleID: the schedule that fired, with `scheduledAt` the occurrence; both nil for
    ///     `onair run`. A second run for the same occurrence is a conflict.
    ///   - endsAt: start + `duration`, when the playbook has one.
    public init(scheduleID: String? = nil, scheduledAt: Date? = nil, playbook: String, arguments: String = "{}", startedAt: Date, endsAt: Date? = nil) {
        self.scheduleID = scheduleID
        self.scheduledAt = scheduledAt
        self.playbook = playbook
        self.arguments = arguments
        self.startedAt = startedAt
        self.endsAt = endsAt
    }
}
