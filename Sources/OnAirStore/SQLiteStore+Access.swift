import Foundation
import GRDB

/// The two doors into the database. Every operation goes through one of them, so every failure
/// leaves the store as a `StoreError` and every operation is exactly one transaction.
extension SQLiteStore {
    func write<T: Sendable>(_ doing: String, _ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(updates)
        } catch {
            throw Self.storeError(error, doing: doing)
        }
    }

    func read<T: Sendable>(_ doing: String, _ value: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(value)
        } catch {
            throw Self.storeError(error, doing: doing)
        }
    }

    /// Sorts a failure into a `StoreError` kind: constraint violations are conflicts (the schema
    /// said no), damaged files and undecodable rows are corruption, everything else from SQLite
    /// (locked, full, unopenable, closed) means the store is unavailable.
    static func storeError(_ error: any Error, doing: String) -> any Error {
        switch error {
        case let error as StoreError:
            return error
        case is CancellationError:
            return error
        case let error as DatabaseError:
            let detail = "\(doing): \(error.message ?? "\(error.resultCode)")"
            switch error.resultCode {
            case .SQLITE_CONSTRAINT:
                return StoreError.conflict(detail)
            case .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_FORMAT:
                return StoreError.corrupt(detail)
            default:
                return StoreError.unavailable(detail)
            }
        case let error as RowDecodingError:
            return StoreError.corrupt("\(doing): \(error)")
        case let error as DecodingError:
            return StoreError.corrupt("\(doing): \(error)")
        default:
            return StoreError.unavailable("\(doing): \(error)")
        }
    }

    static func newID() -> String {
        UUID().uuidString.lowercased()
    }
}
