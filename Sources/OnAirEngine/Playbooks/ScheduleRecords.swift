import Foundation
import OnAirLua
import OnAirStore

/// How declared triggers are kept in the store: the trigger and its options as JSON, the script
/// as it was when it was added (a later edit changes nothing until it is added again).
public enum ScheduleRecords {
    public static func newSchedule(from declaration: ScheduleDeclaration, script: String, at now: Date) throws -> NewSchedule {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return NewSchedule(
            name: declaration.playbook, script: script,
            triggerSpec: String(decoding: try encoder.encode(declaration.spec), as: UTF8.self),
            options: String(decoding: try encoder.encode(declaration.options), as: UTF8.self),
            arguments: JSONCodec.encode(declaration.arguments, pretty: false), createdAt: now)
    }

    public static func spec(of schedule: StoredSchedule) throws -> TriggerSpec {
        try JSONDecoder().decode(TriggerSpec.self, from: Data(schedule.triggerSpec.utf8))
    }
}
