import Foundation
import GRDB
import Synchronization

/// The store in one SQLite file, through a GRDB `DatabasePool` in WAL mode: readers never wait
/// for the writer, and every committed transaction survives a `kill -9`.
///
/// Open one `SQLiteStore` per file per process and share it: SQLite serialises writers within a
/// pool, but two pools on one file contend through file locks and time out instead of queueing.
/// Every operation is one transaction inside a closure, so the non-`Sendable` connection never
/// leaves it.
public final class SQLiteStore: OnAirStoreBackend {
    private let connection: Connection
    /// The file, or nil for an in-memory store.
    public let path: String?

    var writer: any DatabaseWriter {
        get throws { try connection.writer() }
    }

    /// Opens (creating if needed) the store file at `path`, with its parent folders, and brings the
    /// schema up to date.
    public init(path: String) throws {
        connection = Connection(opening: { try Self.open(path) })
        self.path = path
        _ = try connection.writer()
    }

    /// The store at `path`, opened (and created) only when an operation first needs it:
    /// `onair run` of a plain script never touches it.
    public static func deferred(path: String) -> SQLiteStore {
        SQLiteStore(connection: Connection(opening: { try open(path) }), path: path)
    }

    private static func open(_ path: String) throws -> any DatabaseWriter {
        do {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError.unavailable("cannot create the folder of \(path): \(error.localizedDescription)")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: Self.configuration)
            try StoreMigrations.migrator.migrate(pool)
            return pool
        } catch {
            throw Self.storeError(error, doing: "open \(path)")
        }
    }

    private init(connection: Connection, path: String?) {
        self.connection = connection
        self.path = path
    }

    /// Opens the SQLite store a `StoreLocation` names. A PostgreSQL location is `unavailable` here:
    /// that backend is a different type.
    public convenience init(location: StoreLocation) throws {
        switch location {
        case .sqlite(let path):
            try self.init(path: path)
        case .postgres:
            throw StoreError.unavailable("\(location) is a PostgreSQL store; this build opens SQLite files only")
        }
    }

    /// A private store that lives in memory and vanishes with this object: for tests and dry runs.
    public static func inMemory() throws -> SQLiteStore {
        do {
            let queue = try DatabaseQueue(configuration: configuration)
            try StoreMigrations.migrator.migrate(queue)
            return SQLiteStore(writer: queue)
        } catch {
            throw storeError(error, doing: "open an in-memory store")
        }
    }

    private init(writer: any DatabaseWriter) {
        connection = Connection(opening: { writer })
        path = nil
    }

    /// Foreign keys on (GRDB's default), and a writer that finds the file locked by another process
    /// waits a few seconds before giving up with `unavailable`.
    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.label = "OnAirStore"
        return configuration
    }

    /// The names of the migrations applied to this database, in order.
    public func appliedMigrations() async throws -> [String] {
        try await read("list migrations") { db in
            let applied = try StoreMigrations.migrator.appliedIdentifiers(db)
            return StoreMigrations.names.filter(applied.contains)
        }
    }

    /// Every migration this release knows, in order.
    public static var knownMigrations: [String] { StoreMigrations.names }

    /// Closes the connections now rather than when the last reference goes. Any later operation
    /// throws `unavailable`.
    public func close() throws {
        do {
            let writer = connection.ifOpened
            if let pool = writer as? DatabasePool {
                try pool.close()
            } else if let queue = writer as? DatabaseQueue {
                try queue.close()
            }
        } catch {
            throw Self.storeError(error, doing: "close")
        }
    }
}

/// The store's database, opened once, on first use; a failed open is retried by the next use.
private final class Connection: Sendable {
    private let opening: @Sendable () throws -> any DatabaseWriter
    private let opened = Mutex<(any DatabaseWriter)?>(nil)

    init(opening: @escaping @Sendable () throws -> any DatabaseWriter) {
        self.opening = opening
    }

    func writer() throws -> any DatabaseWriter {
        try opened.withLock { opened in
            if let opened { return opened }
            let writer = try opening()
            opened = writer
            return writer
        }
    }

    var ifOpened: (any DatabaseWriter)? { opened.withLock { $0 } }
}
