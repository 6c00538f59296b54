import Foundation
import OnAirLua
import Synchronization

/// One trigger a playbook file declares (`schedule.weekly("fri 19:00", show, {...})`): which
/// playbook, when, with which options, and the arguments the run will receive.
public struct ScheduleDeclaration: Sendable, Hashable {
    public var playbook: String
    public var spec: TriggerSpec
    public var options: TriggerOptions
    /// The option table's other fields: the run's `args`.
    public var arguments: LuaValue
    /// How the script wrote it (`weekly "fri 19:00"`), for listings.
    public var written: String
    /// It runs a function of the file (`schedule.every("15m", function(ctx, args) ... end)`)
    /// rather than a playbook; `playbook` is then its label (`name = ...`, or
    /// `schedule.every 15m`).
    public var runsFunction: Bool = false
}

/// Collects the declarations of one file while its top level runs.
public final class DeclarationCollector: Sendable {
    private let declared = Mutex<[ScheduleDeclaration]>([])

    public init() {}

    public var declarations: [ScheduleDeclaration] { declared.withLock { $0 } }

    func add(_ declaration: ScheduleDeclaration) { declared.withLock { $0.append(declaration) } }
}
