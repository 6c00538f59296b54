import Foundation
import GRDB

/// The resource ledger and the stop obligations of outputs.
extension SQLiteStore {
    public func recordResource(_ new: NewResource) async throws -> RecordedResource {
        try await write("record \(new.provider) \(new.kind) \(new.providerID)") { db in
            let run = try Self.existingRun(db, id: new.runID)
            if let existing = try StoredResource
                .filter(StoredResource.Columns.provider == new.provider)
                .filter(StoredResource.Columns.kind == new.kind)
                .filter(StoredResource.Columns.providerID == new.providerID)
                .filter(StoredResource.Columns.status == StoredResource.Status.live.rawValue)
                .fetchOne(db)
            {
                guard existing.runID == new.runID else {
                    throw StoreError.conflict("\(new.provider) \(new.kind) \(new.providerID) is already live in run \(existing.runID)")
                }
                return RecordedResource(resource: existing, stopObligation: try Self.obligation(db, resourceID: existing.id), isNew: false)
            }
            if run.status.isFinished {
                throw StoreError.conflict("run \(new.runID) already finished as \(run.status.rawValue); nothing can join its ledger")
            }
            var resource = StoredResource(
                id: nil, runID: new.runID, stepKey: new.stepKey, provider: new.provider, kind: new.kind,
                providerID: new.providerID, parentIDs: new.parentIDs, details: new.details, keep: new.keep,
                status: .live, createdAt: new.createdAt, tornDownAt: nil, teardownAttempts: 0, lastError: nil
            )
            try resource.insert(db)
            var obligation: StoredStopObligation?
            if let dueAt = new.stopDueAt, let resourceID = resource.id {
                var pending = StoredStopObligation(
                    id: nil, resourceID: resourceID, dueAt: dueAt, status: .pending, attempts: 0, lastError: nil, doneAt: nil
                )
                try pending.insert(db)
                obligation = pending
            }
            return RecordedResource(resource: resource, stopObligation: obligation, isNew: true)
        }
    }

    public func liveResources(runID: String, includingKept: Bool) async throws -> [StoredResource] {
        try await read("list live resources of run \(runID)") { db in
            var request = StoredResource
                .filter(StoredResource.Columns.runID == runID)
                .filter(StoredResource.Columns.status == StoredResource.Status.live.rawValue)
            if !includingKept {
                request = request.filter(StoredResource.Columns.keep == false)
            }
            return try request.order(StoredResource.Columns.id.desc).fetchAll(db)
        }
    }

    public func allLiveResources() async throws -> [StoredResource] {
        try await read("list live resources") { db in
            try StoredResource
                .filter(StoredResource.Columns.status == StoredResource.Status.live.rawValue)
                .order(StoredResource.Columns.id.desc)
                .fetchAll(db)
        }
    }

    public func resource(id: Int64) async throws -> StoredResource {
        try await read("read resource \(id)") { db in try Self.existingResource(db, id: id) }
    }

    public func markTornDown(resourceID: Int64, at instant: Date) async throws -> StoredResource {
        try await write("mark resource \(resourceID) torn down") { db in
            var resource = try Self.existingResource(db, id: resourceID)
            guard resource.status == .live else { return resource }
            resource.status = .tornDown
            resource.tornDownAt = instant
            try resource.update(db)
            try db.execute(
                sql: "UPDATE stop_obligations SET status = 'done', done_at = ? WHERE resource_id = ? AND status = 'pending'",
                arguments: [instant, resourceID]
            )
            return resource
        }
    }

    public func recordTeardownFailure(resourceID: Int64, error: String) async throws -> StoredResource {
        try await write("record teardown failure of resource \(resourceID)") { db in
            var resource = try Self.existingResource(db, id: resourceID)
            resource.teardownAttempts += 1
            resource.lastError = error
            try resource.update(db)
            try db.execute(
                sql: """
                    UPDATE stop_obligations SET attempts = attempts + 1, last_error = ?
                    WHERE resource_id = ? AND status = 'pending'
                    """,
                arguments: [error, resourceID]
            )
            return resource
        }
    }

    public func rescheduleStopObligation(resourceID: Int64, dueAt: Date) async throws -> StoredStopObligation {
        try await write("reschedule the stop of resource \(resourceID)") { db in
            guard var obligation = try Self.obligation(db, resourceID: resourceID) else {
                throw StoreError.notFound("resource \(resourceID) has no stop obligation")
            }
            guard obligation.status == .pending else {
                throw StoreError.conflict("resource \(resourceID) is already stopped")
            }
            obligation.dueAt = dueAt
            try obligation.update(db)
            return obligation
        }
    }

    public func dueStopObligations(at instant: Date) async throws -> [StoredStopObligation] {
        try await read("list due stop obligations") { db in
            try StoredStopObligation
                .filter(StoredStopObligation.Columns.status == StoredStopObligation.Status.pending.rawValue)
                .filter(StoredStopObligation.Columns.dueAt <= instant)
                .order(StoredStopObligation.Columns.dueAt, StoredStopObligation.Columns.id)
                .fetchAll(db)
        }
    }

    public func pendingStopObligations() async throws -> [StoredStopObligation] {
        try await read("list pending stop obligations") { db in
            try StoredStopObligation
                .filter(StoredStopObligation.Columns.status == StoredStopObligation.Status.pending.rawValue)
                .order(StoredStopObligation.Columns.dueAt, StoredStopObligation.Columns.id)
                .fetchAll(db)
        }
    }

    private static func existingResource(_ db: Database, id: Int64) throws -> StoredResource {
        guard let resource = try StoredResource.fetchOne(db, key: id) else {
            throw StoreError.notFound("no resource \(id) in the ledger")
        }
        return resource
    }

    private static func obligation(_ db: Database, resourceID: Int64?) throws -> StoredStopObligation? {
        guard let resourceID else { return nil }
        return try StoredStopObligation.filter(StoredStopObligation.Columns.resourceID == resourceID).fetchOne(db)
    }
}
