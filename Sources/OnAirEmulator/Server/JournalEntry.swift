/// One request the emulator answered, as `GET /_emulator/state` lists it, so tests can count how
/// often a client called, retried or was refused.
struct JournalEntry: Encodable, Sendable, Equatable {
    var method: String
    var path: String
    var status: Int
    /// The injected fault that shaped the answer (`rate_limit`, `server_error`,
    /// `drop_after_commit`), or nil.
    var fault: String?
}
