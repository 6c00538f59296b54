/// A store operation that could not be done, with the reason in plain words.
///
/// One error type for every backend, so the engine and the command line branch on `kind` the same
/// way whether the state lives in SQLite or PostgreSQL: `notFound` is a user mistake (a wrong id),
/// `conflict` is a rule of the schema saying no (a second decision, a finished run), `corrupt` means
/// the stored data cannot be read back, `unavailable` means the database itself cannot be reached.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// No schedule, run, step, resource or obligation has the given id.
        case notFound = "not_found"
        /// The change breaks a rule of the store: a uniqueness constraint, or a state transition
        /// that is not allowed (finishing a finished run, pausing a cancelled schedule).
        case conflict
        /// Stored data does not read back: a damaged file, an unknown status word, a foreign schema.
        case corrupt
        /// The database cannot be opened, is locked past its timeout, is full, or is not supported.
        case unavailable
        /// An argument the store cannot accept, such as an empty idempotency key.
        case invalid
    }

    public var kind: Kind
    /// What failed and why, naming the object: `run 3f2c…: already finished as succeeded`.
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public static func notFound(_ message: String) -> StoreError { StoreError(kind: .notFound, message: message) }
    public static func conflict(_ message: String) -> StoreError { StoreError(kind: .conflict, message: message) }
    public static func corrupt(_ message: String) -> StoreError { StoreError(kind: .corrupt, message: message) }
    public static func unavailable(_ message: String) -> StoreError { StoreError(kind: .unavailable, message: message) }
    public static func invalid(_ message: String) -> StoreError { StoreError(kind: .invalid, message: message) }

    public var description: String { "store \(kind.rawValue): \(message)" }

    /// The kind alone, for metric labels and log keys.
    public var shortDescription: String { kind.rawValue }
}
