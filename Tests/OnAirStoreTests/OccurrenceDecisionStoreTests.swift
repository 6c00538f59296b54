import Foundation
import OnAirStore
import Testing

@Suite struct OccurrenceDecisionStoreTests {
    @Test(arguments: StoreBackendKind.allCases)
    func anOccurrenceKeepsItsFirstDecision(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let schedule = try await store.addTestSchedule()
        let occurrence = Instant.at(3600)
        let first = try await store.recordDecision(scheduleID: schedule.id, scheduledAt: occurrence, decision: "fired", decidedAt: Instant.at(3600))
        let second = try await store.recordDecision(scheduleID: schedule.id, scheduledAt: occurrence, decision: "missed:late", decidedAt: Instant.at(4000))
        #expect(second == first)
        #expect(second.decision == "fired")
        let all = try await store.decisions(scheduleID: schedule.id, from: Instant.base, to: Instant.at(86400))
        #expect(all.count == 1)
    }

    @Test(arguments: StoreBackendKind.allCases)
    func twoDecidersRacingForOneOccurrenceAgreeOnOneDecision(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let schedule = try await store.addTestSchedule()
        let occurrence = Instant.at(60)
        let outcomes = try await withThrowingTaskGroup(of: StoredDecision.self) { group in
            for word in ["fired", "skipped:overlap"] {
                group.addTask { try await store.recordDecision(scheduleID: schedule.id, scheduledAt: occurrence, decision: word, decidedAt: occurrence) }
            }
            return try await group.reduce(into: [StoredDecision]()) { $0.append($1) }
        }
        #expect(outcomes.count == 2)
        #expect(outcomes[0] == outcomes[1])
    }

    @Test(arguments: StoreBackendKind.allCases)
    func aFiredOccurrenceGetsOneRunLinkedToItsDecision(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let schedule = try await store.addTestSchedule()
        let occurrence = Instant.at(600)
        _ = try await store.recordDecision(scheduleID: schedule.id, scheduledAt: occurrence, decision: "fired", decidedAt: occurrence)
        let run = try await store.startRun(NewRun(scheduleID: schedule.id, scheduledAt: occurrence, playbook: schedule.name, startedAt: occurrence))
        let decision = try await store.decisions(scheduleID: schedule.id, from: occurrence, to: Instant.at(601)).first
        #expect(decision?.runID == run.id)

        let error = await #expect(throws: StoreError.self) {
            try await store.startRun(NewRun(scheduleID: schedule.id, scheduledAt: occurrence, playbook: schedule.name, startedAt: occurrence))
        }
        #expect(error?.kind == .conflict)
    }

    @Test(arguments: StoreBackendKind.allCases)
    func decisionsAreListedInTimeOrderWithinTheWindow(backend: StoreBackendKind) async throws {
        let store = try backend.open()
        let schedule = try await store.addTestSchedule()
        for minute in [3, 1, 2, 9] {
            _ = try await store.recordDecision(scheduleID: schedule.id, scheduledAt: Instant.at(Double(minute) * 60), decision: "missed:late", decidedAt: Instant.at(1000))
        }
        let listed = try await store.decisions(scheduleID: schedule.id, from: Instant.at(60), to: Instant.at(540))
        #expect(listed.map(\.scheduledAt) == [Instant.at(60), Instant.at(120), Instant.at(180)])
    }
}
