import OnAirEngine
import OnAirLua
import OnAirProviders
import Synchronization
import Testing

/// The built-in emulator's start: once per process, whatever arrives at once.
@Suite struct StartOnceTests {
    /// Counts starts; each start takes a little while, so that concurrent callers overlap it.
    final class Starts: Sendable {
        let count = Atomic<Int>(0)
        let failFirst: Bool

        init(failFirst: Bool = false) { self.failFirst = failFirst }

        func start() async throws -> Int {
            let number = count.add(1, ordering: .relaxed).newValue
            try await Task.sleep(for: .milliseconds(20))
            if failFirst, number == 1 { throw StartFailure() }
            return number
        }
    }

    struct StartFailure: Error {}

    static func localProfile(overriding sentElsewhere: Set<ProviderName> = []) -> Profile {
        Profile(name: "local", emulatedProviders: Set(ProviderName.allCases).subtracting(sentElsewhere))
    }

    @Test(arguments: [20, 50, 100])
    func concurrentFirstCallsAcrossTheFourProvidersShareOneStart(_ calls: Int) async throws {
        for _ in 0..<20 {
            let starts = Starts()
            let once = StartOnce { try await starts.start() }
            let ready = Self.localProfile().readiness(starting: once)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for call in 0..<calls {
                    let provider = ProviderName.allCases[call % ProviderName.allCases.count]
                    group.addTask { try await ready(provider) }
                }
                try await group.waitForAll()
            }
            #expect(starts.count.load(ordering: .relaxed) == 1)
            #expect(try await once.value() == 1, "later calls get the same start")
        }
    }

    @Test func providersSentElsewhereNeverStartTheEmulator() async throws {
        let starts = Starts()
        let once = StartOnce { try await starts.start() }
        let ready = Self.localProfile(overriding: [.cloudflare]).readiness(starting: once)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<50 { group.addTask { try await ready(.cloudflare) } }
            try await group.waitForAll()
        }
        #expect(starts.count.load(ordering: .relaxed) == 0)
        try await ready(.signalwire)
        #expect(starts.count.load(ordering: .relaxed) == 1)
    }

    @Test func aFailedStartReachesEveryWaiterAndTheNextCallTriesAgain() async throws {
        let starts = Starts(failFirst: true)
        let once = StartOnce { try await starts.start() }
        let failures = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<30 {
                group.addTask {
                    do { _ = try await once.value(); return false } catch { return error is StartFailure }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(failures == 30)
        #expect(try await once.value() == 2)
        #expect(starts.count.load(ordering: .relaxed) == 2)
    }

    @Test func afterFinishNothingStartsAndCallsAreUnavailable() async throws {
        let starts = Starts()
        let once = StartOnce { try await starts.start() }
        _ = try await once.value()
        #expect(await once.finish() == 1)
        await #expect(throws: LuaError.self) { try await once.value() }
        #expect(starts.count.load(ordering: .relaxed) == 1)
    }
}
