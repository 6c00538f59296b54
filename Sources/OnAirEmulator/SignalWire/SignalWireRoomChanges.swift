/// The fields of a room create or update request, checked against `CreateRoomRequest`.
///
/// Absent fields are nil: a create fills the documented defaults, an update leaves them as they are.
struct SignalWireRoomChanges: Sendable {
    var name: String?
    var displayName: String?
    var description: String?
    var maxMembers: Int?
    var quality: String?
    var joinFrom: String?
    var joinUntil: String?
    var removeAt: String?
    var removeAfterSecondsElapsed: Int?
    var layout: String?
    var recordOnStart: Bool?
    var enableRoomPreviews: Bool?
    var meta: [String: JSONValue]?
    var syncAudioVideo: Bool?

    /// `UpdateRoomRequest` has no `name`; a create requires it.
    init(_ fields: JSONFields, isCreate: Bool) throws(SignalWireError) {
        typealias Rules = SignalWireFieldRules
        var problems = ProblemCollector()
        if isCreate {
            name = problems.check { () throws(FieldProblem) in
                guard let name = try Rules.name(fields) else { throw .missing("name") }
                return name
            }
        }
        displayName = problems.check { () throws(FieldProblem) in try Rules.text(fields, "display_name", maxLength: 200) } ?? nil
        description = problems.check { () throws(FieldProblem) in try Rules.text(fields, "description", maxLength: 3000) } ?? nil
        maxMembers = problems.check { () throws(FieldProblem) in try Rules.integer(fields, "max_members", in: 1...300) } ?? nil
        quality = problems.check { () throws(FieldProblem) in try Rules.choice(fields, "quality", from: Rules.qualities) } ?? nil
        joinFrom = problems.check { () throws(FieldProblem) in try Rules.dateTime(fields, "join_from") } ?? nil
        joinUntil = problems.check { () throws(FieldProblem) in try Rules.dateTime(fields, "join_until") } ?? nil
        removeAt = problems.check { () throws(FieldProblem) in try Rules.dateTime(fields, "remove_at") } ?? nil
        removeAfterSecondsElapsed =
            problems.check { () throws(FieldProblem) in try Rules.integer(fields, "remove_after_seconds_elapsed", in: 1...200_000) } ?? nil
        layout = problems.check { () throws(FieldProblem) in try Rules.choice(fields, "layout", from: Rules.layouts) } ?? nil
        recordOnStart = problems.check { () throws(FieldProblem) in try fields.bool("record_on_start") } ?? nil
        enableRoomPreviews = problems.check { () throws(FieldProblem) in try fields.bool("enable_room_previews") } ?? nil
        meta = problems.check { () throws(FieldProblem) in try Rules.meta(fields) } ?? nil
        syncAudioVideo = problems.check { () throws(FieldProblem) in try fields.bool("sync_audio_video") } ?? nil
        guard problems.isEmpty else { throw .validation(problems.problems) }
    }

    func apply(to room: inout SignalWireRoom) {
        if let displayName { room.displayName = displayName }
        if let description { room.description = description }
        if let maxMembers { room.maxMembers = maxMembers }
        if let quality { room.quality = quality }
        if let joinFrom { room.joinFrom = joinFrom }
        if let joinUntil { room.joinUntil = joinUntil }
        if let removeAt { room.removeAt = removeAt }
        if let removeAfterSecondsElapsed { room.removeAfterSecondsElapsed = removeAfterSecondsElapsed }
        if let layout { room.layout = layout }
        if let recordOnStart { room.recordOnStart = recordOnStart }
        if let enableRoomPreviews { room.enableRoomPreviews = enableRoomPreviews }
        if let meta { room.meta = meta }
        if let syncAudioVideo { room.syncAudioVideo = syncAudioVideo }
    }
}
