import Foundation

/// What the engine knows when `onair schedule add` records a schedule; the store adds the id and
/// the script digest.
public struct NewSchedule: Sendable, Hashable {
    public var name: String
    public var script: String
    public var triggerSpec: String
    public var options: String
    public var arguments: String
    public var createdAt: Date

    /// - Parameters:
    ///   - triggerSpec: the engine's `TriggerSpec` as JSON text.
    ///   - options: the engine's `TriggerOptions` as JSON text.
    ///   - arguments: a JSON object handed to every run of the schedule.
    public init(name: String, script: String, triggerSpec: String, options: String, arguments: String = "{}", createdAt: Date) {
        self.name = name
        self.script = script
        self.triggerSpec = triggerSpec
        self.options = options
        self.arguments = arguments
        self.createdAt = createdAt
    }
}
