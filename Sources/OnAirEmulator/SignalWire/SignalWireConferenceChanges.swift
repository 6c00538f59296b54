/// The fields of a conference create or update request (`CreateConferenceRequest`,
/// `UpdateConferenceRequest`). `display_name` is required on both.
struct SignalWireConferenceChanges: Sendable {
    var name: String?
    var displayName: String?
    var description: String?
    var joinFrom: String?
    var joinUntil: String?
    var quality: String?
    var layout: String?
    var size: String?
    var recordOnStart: Bool?
    var toneOnEntryAndExit: Bool?
    var roomJoinVideoOff: Bool?
    var userJoinVideoOff: Bool?
    var enableRoomPreviews: Bool?
    var enableChat: Bool?
    var colors: [String: String] = [:]

    init(_ fields: JSONFields, isCreate: Bool) throws(SignalWireError) {
        typealias Rules = SignalWireFieldRules
        var problems = ProblemCollector()
        displayName = problems.check { () throws(FieldProblem) in
            guard let name = try Rules.text(fields, "display_name", maxLength: 200) else { throw .missing("display_name") }
            return name
        }
        if isCreate {
            name = problems.check { () throws(FieldProblem) in try Rules.name(fields) } ?? nil
        }
        description = problems.check { () throws(FieldProblem) in try Rules.text(fields, "description", maxLength: 3000) } ?? nil
        joinFrom = problems.check { () throws(FieldProblem) in try Rules.dateTime(fields, "join_from") } ?? nil
        joinUntil = problems.check { () throws(FieldProblem) in try Rules.dateTime(fields, "join_until") } ?? nil
        quality = problems.check { () throws(FieldProblem) in try Rules.choice(fields, "quality", from: Rules.qualities) } ?? nil
        layout = problems.check { () throws(FieldProblem) in try Rules.choice(fields, "layout", from: Rules.layouts) } ?? nil
        size = problems.check { () throws(FieldProblem) in try Rules.choice(fields, "size", from: Rules.conferenceSizes) } ?? nil
        recordOnStart = problems.check { () throws(FieldProblem) in try fields.bool("record_on_start") } ?? nil
        enableRoomPreviews = problems.check { () throws(FieldProblem) in try fields.bool("enable_room_previews") } ?? nil
        enableChat = problems.check { () throws(FieldProblem) in try fields.bool("enable_chat") } ?? nil
        if !isCreate {
            toneOnEntryAndExit = problems.check { () throws(FieldProblem) in try fields.bool("tone_on_entry_and_exit") } ?? nil
            roomJoinVideoOff = problems.check { () throws(FieldProblem) in try fields.bool("room_join_video_off") } ?? nil
            userJoinVideoOff = problems.check { () throws(FieldProblem) in try fields.bool("user_join_video_off") } ?? nil
        }
        for field in SignalWireConference.colorFields {
            if let color = problems.check({ () throws(FieldProblem) in try Rules.color(fields, field) }) ?? nil {
                colors[field] = color
            }
        }
        guard problems.isEmpty else { throw .validation(problems.problems) }
    }

    /// Omitted fields are left untouched on update (whether SignalWire resets them to the declared
    /// defaults is not documented).
    func apply(to conference: inout SignalWireConference) {
        if let displayName { conference.displayName = displayName }
        if let description { conference.description = description }
        if let joinFrom { conference.joinFrom = joinFrom }
        if let joinUntil { conference.joinUntil = joinUntil }
        if let quality { conference.quality = quality }
        if let layout { conference.layout = layout }
        if let size { conference.size = size }
        if let recordOnStart { conference.recordOnStart = recordOnStart }
        if let toneOnEntryAndExit { conference.toneOnEntryAndExit = toneOnEntryAndExit }
        if let roomJoinVideoOff { conference.roomJoinVideoOff = roomJoinVideoOff }
        if let userJoinVideoOff { conference.userJoinVideoOff = userJoinVideoOff }
        if let enableRoomPreviews { conference.enableRoomPreviews = enableRoomPreviews }
        if let enableChat { conference.enableChat = enableChat }
        for (field, color) in colors { conference.colors[field] = color }
    }
}
