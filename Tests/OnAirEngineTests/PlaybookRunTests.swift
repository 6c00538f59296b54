import Foundation
import OnAirEngine
import OnAirLua
import OnAirProviders
import OnAirStore
import Synchronization
import Testing

/// Playbook runs against the emulator over HTTP and a real store: the journal, the ledger and
/// teardown on every way a run can end.
@Suite struct PlaybookRunTests {
    /// A harness, a store and a runner whose script output is captured.
    struct Fixture {
        let harness: EngineHarness
        let store: SQLiteStore
        let runner: PlaybookRunner
        let printed = OutputBuffer()
        let events = EventLog()

        init() async throws {
            harness = try await EngineHarness()
            store = try SQLiteStore.inMemory()
            var host = LuaHostConfiguration(output: { [printed] in printed.append($0) }, log: { _ in })
            host.limits.wallClock = .seconds(30)
            runner = PlaybookRunner(
                configuration: PlaybookRunner.Configuration(host: host, grace: .seconds(5)), directory: harness.engine.directory,
                store: store)
        }

        func run(_ source: String, playbook: String = "show", arguments: LuaValue = .table(LuaTable()), duration: Duration? = nil) async throws -> PlaybookRunner.Outcome {
            try await runner.run(
                PlaybookRunner.Request(script: LuaScript(name: "show.lua", source: source), playbook: playbook, arguments: arguments, duration: duration),
                events: { [events] in events.append($0) })
        }

        func liveInputs() async throws -> [[String: Any]] { try await harness.resources("cloudflare", "live_inputs") }
    }

    final class EventLog: Sendable {
        private let list = Mutex<[RunEvent]>([])
        func append(_ event: RunEvent) { list.withLock { $0.append(event) } }
        var all: [RunEvent] { list.withLock { $0 } }
        var tornDown: [String] {
            all.compactMap { if case .tornDown(let kind, _, let id) = $0 { "\(kind) \(id)" } else { nil } }
        }
    }

    static let simulcast = """
        local show = playbook "show" {}
        function show.run(ctx, args)
          local input = ctx:step("live input", function() return live_input.create{ meta = { name = "late show" } } end)
          for i = 1, 2 do
            ctx:step("output " .. i, function()
              return live_input.add_output(input, { url = "rtmp://dest.example/" .. i, streamKey = "key" .. i })
            end)
          end
          if args.fail then error("the encoder is on fire") end
          ctx:hold(args.hold or 0)
          return input.uid
        end
        """

    @Test func aSucceedingRunJournalsItsStepsAndTearsDownNewestFirst() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.harness.shutdown() } }
        let outcome = try await fixture.run(Self.simulcast)
        #expect(outcome.error == nil, "\(outcome.error?.rendered ?? "")")
        #expect(outcome.run.status == .succeeded)
        #expect(outcome.tornDown)
        let steps = try await fixture.store.steps(runID: outcome.run.id)
        #expect(steps.map(\.name) == ["live input", "output 1", "output 2", "ctx:hold"])
        #expect(steps.allSatisfy { $0.status == .done })
        // Newest first: the outputs (second, then first), then their input.
        let torn = fixture.events.tornDown
        #expect(torn.count == 3)
        #expect(torn.first?.hasPrefix("output") == true && torn.dropFirst().first?.hasPrefix("output") == true)
        #expect(torn.last?.hasPrefix("live_input") == true)
        #expect(try await fixture.liveInputs().isEmpty, "nothing stays at the provider")
        #expect(try await fixture.store.liveResources(runID: outcome.run.id, includingKept: true).isEmpty)
    }

    @Test func aScriptErrorStillTearsEverythingDown() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.harness.shutdown() } }
        var arguments = LuaTable()
        arguments["fail"] = .boolean(true)
        let outcome = try await fixture.run(Self.simulcast, arguments: .table(arguments))
        #expect(outcome.error?.message.contains("the encoder is on fire") == true)
        #expect(outcome.run.status == .failed)
        #expect(outcome.exitCode == 1)
        #expect(fixture.events.tornDown.count == 3)
        #expect(try await fixture.liveInputs().isEmpty)
    }

    @Test func cancellingAHoldingRunTearsItDown() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.harness.shutdown() } }
        var arguments = LuaTable()
        arguments["hold"] = .text("1h")
        let task = Task { try await fixture.run(Self.simulcast, arguments: .table(arguments)) }
        for _ in 0..<200 where !fixture.events.all.contains(where: { if case .holding = $0 { true } else { false } }) {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await fixture.liveInputs().count == 1)
        task.cancel()
        let outcome = try await task.value
        #expect(outcome.run.status == .cancelled)
        #expect(outcome.tornDown)
        #expect(try await fixture.liveInputs().isEmpty)
    }

    @Test func keptResourcesOutliveTheRunAndUndoReplacesTheDefaultTeardown() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.harness.shutdown() } }
        let outcome = try await fixture.run("""
            local show = playbook "show" {}
            function show.run(ctx)
              ctx:step("archive", function() return live_input.create{ meta = { name = "archive" }, keep = true } end)
              ctx:step("room", function() return room.create{ provider = "signalwire", name = "green-room" } end)
                :undo(function(r) print("undo " .. r.name) room.delete(r) end)
              ctx:step("input", function() return live_input.create{ meta = { name = "show" } } end)
            end
            """)
        #expect(outcome.error == nil, "\(outcome.error?.rendered ?? "")")
        #expect(fixture.printed.text == "undo green-room\n")
        let inputs = try await fixture.liveInputs()
        #expect(inputs.count == 1, "the kept input stays")
        #expect(((inputs.first?["meta"] as? [String: Any])?["name"] as? String) == "archive")
        #expect(try await fixture.harness.resources("signalwire", "rooms").isEmpty, "the undo deleted the room")
        let kept = try await fixture.store.liveResources(runID: outcome.run.id, includingKept: true)
        #expect(kept.count == 1 && kept[0].keep)
    }

    @Test func everyOutputGetsAStopObligationAtEndPlusGrace() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.harness.shutdown() } }
        var arguments = LuaTable()
        arguments["hold"] = .text("1h")
        let task = Task { try await fixture.run(Self.simulcast, arguments: .table(arguments), duration: .seconds(600)) }
        for _ in 0..<200 where !fixture.events.all.contains(where: { if case .holding = $0 { true } else { false } }) {
            try await Task.sleep(for: .milliseconds(20))
        }
        let pending = try await fixture.store.pendingStopObligations()
        task.cancel()
        let outcome = try await task.value
        #expect(pending.count == 2, "one per output, none for the input")
        let endsAt = try #require(outcome.run.endsAt)
        #expect(pending.allSatisfy { abs($0.dueAt.timeIntervalSince(endsAt) - 5) < 0.01 })
        #expect(try await fixture.store.pendingStopObligations().isEmpty, "fulfilled by the teardown")
    }

    @Test func aResumedRunReturnsJournaledStepsWithoutCallingTheProviderAgain() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.harness.shutdown() } }
        // An engine ran the first step, recorded its input, and died.
        let stored = try await fixture.store.startRun(NewRun(playbook: "show", startedAt: Date()))
        let created = await fixture.harness.output("""
            local input = live_input.create{ meta = { name = "late show" } }
            print(input.uid)
            """).trimmingCharacters(in: .whitespacesAndNewlines)
        let key = "\(stored.id)/live input#1"
        _ = try await fixture.store.beginStep(runID: stored.id, name: "live input", idempotencyKey: key, at: Date())
        _ = try await fixture.store.recordResource(NewResource(
            runID: stored.id, stepKey: key, provider: "cloudflare", kind: "live_input", providerID: created, createdAt: Date()))
        _ = try await fixture.store.completeStep(
            idempotencyKey: key, result: #"{"uid":"\#(created)","provider":"cloudflare","kind":"live_input"}"#, at: Date())

        let outcome = await fixture.runner.resume(
            stored, request: PlaybookRunner.Request(script: LuaScript(name: "show.lua", source: Self.simulcast), playbook: "show", arguments: .table(LuaTable())),
            events: { [events = fixture.events] in events.append($0) })
        #expect(outcome.error == nil, "\(outcome.error?.rendered ?? "")")
        #expect(outcome.run.status == .succeeded)
        let steps = try await fixture.store.steps(runID: stored.id)
        #expect(steps.first?.attempts == 1, "the finished step was not run again")
        #expect(fixture.events.all.contains(.stepStarted(name: "live input", replayed: true)))
        // One input ever existed: the outputs were added to the journaled one, and all is gone.
        #expect(fixture.events.tornDown.filter { $0.hasPrefix("live_input") } == ["live_input \(created)"])
        #expect(try await fixture.liveInputs().isEmpty)
    }

    @Test func anAbandonedRunIsTornDownAndClosed() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.harness.shutdown() } }
        let stored = try await fixture.store.startRun(NewRun(playbook: "show", startedAt: Date()))
        let created = await fixture.harness.output("print(live_input.create{ meta = { name = 'left behind' } }.uid)")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try await fixture.store.recordResource(NewResource(
            runID: stored.id, provider: "cloudflare", kind: "live_input", providerID: created, createdAt: Date()))
        let outcome = await fixture.runner.tearDownAbandoned(stored)
        #expect(outcome.run.status == .tornDown)
        #expect(outcome.tornDown)
        #expect(try await fixture.liveInputs().isEmpty)
    }

    @Test func stepsAreCheckedAndTheirResultsMustBeStorable() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.harness.shutdown() } }
        let nested = try await fixture.run("""
            local show = playbook "show" {}
            function show.run(ctx)
              ctx:step("outer", function() ctx:step("inner", function() end) end)
            end
            """)
        #expect(nested.error?.message.contains("steps run one at a time") == true, "\(nested.error?.message ?? "")")
        let unstorable = try await fixture.run("""
            local show = playbook "show" {}
            function show.run(ctx)
              ctx:step("fn", function() return { f = print } end)
            end
            """)
        #expect(unstorable.error?.message.contains("must be storable") == true, "\(unstorable.error?.message ?? "")")
        let missing = try await fixture.run("local show = playbook \"show\" {}")
        #expect(missing.error?.message.contains("has no run function") == true)
    }

    @Test func aCreateLostBeforeTheLedgerCommitIsFoundAgainNotDuplicated() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.harness.shutdown() } }
        // An engine journaled the step's intent, the provider created the input, and the engine
        // died before the ledger recorded it.
        let stored = try await fixture.store.startRun(NewRun(playbook: "show", startedAt: Date()))
        let stepKey = "\(stored.id)/live input#1"
        _ = try await fixture.store.beginStep(runID: stored.id, name: "live input", idempotencyKey: stepKey, at: Date())
        let body = JSONValue.object(["meta": .object(["name": .string("late show")])])
        let key = PlaybookRun.idempotencyKey(
            step: stepKey, operation: "live_input.create", fingerprint: String(decoding: body.encoded(), as: UTF8.self), occurrence: 1)
        let client = CloudflareClient(configuration: try #require(fixture.harness.engine.directory.profile.cloudflare), transport: fixture.harness.transport)
        let lost = try await client.createLiveInput(body, idempotencyKey: key)
        let lostUID = try #require(lost["uid"]?.stringValue)

        let outcome = await fixture.runner.resume(
            stored, request: PlaybookRunner.Request(script: LuaScript(name: "show.lua", source: Self.simulcast), playbook: "show", arguments: .table(LuaTable())),
            events: { [events = fixture.events] in events.append($0) })
        #expect(outcome.error == nil, "\(outcome.error?.rendered ?? "")")
        let steps = try await fixture.store.steps(runID: stored.id)
        #expect(steps.first?.attempts == 2, "the unfinished step ran again")
        #expect(fixture.events.tornDown.filter { $0.hasPrefix("live_input") } == ["live_input \(lostUID)"], "the repeated create got the lost input back")
        #expect(try await fixture.liveInputs().isEmpty)
    }

    @Test func anAbandonedRunSendsItsOpenCreatesAgainAndTearsDownWhatTheyMade() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.harness.shutdown() } }
        // The engine journaled the intent, the provider created the input, the engine died, and
        // the next engine started after the run's end: the run is torn down, not resumed.
        let stored = try await fixture.store.startRun(NewRun(playbook: "show", startedAt: Date()))
        let body = JSONValue.object(["meta": .object(["name": .string("lost")])])
        let key = PlaybookRun.idempotencyKey(
            step: "\(stored.id)/live input#1", operation: "live_input.create", fingerprint: String(decoding: body.encoded(), as: UTF8.self), occurrence: 1)
        try await fixture.store.recordCreateIntent(StoredCreateIntent(
            idempotencyKey: key, runID: stored.id, stepKey: "\(stored.id)/live input#1", operation: "live_input.create",
            request: String(decoding: body.encoded(), as: UTF8.self), keep: false, createdAt: Date()))
        let client = CloudflareClient(configuration: try #require(fixture.harness.engine.directory.profile.cloudflare), transport: fixture.harness.transport)
        let lost = try #require(try await client.createLiveInput(body, idempotencyKey: key)["uid"]?.stringValue)
        #expect(try await fixture.liveInputs().count == 1)

        let outcome = await fixture.runner.tearDownAbandoned(stored, events: { [events = fixture.events] in events.append($0) })
        #expect(outcome.run.status == .tornDown)
        #expect(fixture.events.tornDown == ["live_input \(lost)"], "the same input came back and was torn down")
        #expect(try await fixture.liveInputs().isEmpty)
        #expect(try await fixture.store.openCreateIntents(runID: stored.id).isEmpty)
    }

    @Test func intentsOfCompletedCreatesAreResolved() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.harness.shutdown() } }
        let outcome = try await fixture.run(Self.simulcast)
        #expect(outcome.error == nil)
        #expect(try await fixture.store.openCreateIntents(runID: outcome.run.id).isEmpty)
    }
}
