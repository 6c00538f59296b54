import ArgumentParser
import Foundation
import OnAirEngine
import OnAirLua
import OnAirProviders
import OnAirStore

extension OnAirCommand {
    struct Schedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schedule",
            abstract: "Durable schedules: record a file's triggers, list them, preview their times.",
            subcommands: [Add.self, List.self, Next.self, Pause.self, Resume.self, Cancel.self]
        )
    }
}

/// `--store`: where schedules live.
struct StoreOptions: ParsableArguments {
    @Option(help: "Store: a SQLite file path (default under $XDG_DATA_HOME/onair/) or ONAIR_STORE.")
    var store: String?

    /// Applies one change to an existing schedule and says what was done (`paused 3f2a… until …`).
    func change(
        _ id: String, verb: String, detail: String = "", _ apply: (SQLiteStore) async throws -> StoredSchedule
    ) async throws {
        let store = try open()
        defer { try? store.close() }
        _ = try await OnAirCommand.Schedule.Next.find(id, in: store)
        print("\(verb) \(try await apply(store).id)\(detail)")
    }

    var location: StoreLocation { StoreLocation.resolve(option: store, environment: ProcessEnvironment.current) }

    /// The store `option` names, opened only when first used (by a playbook's run; never by a
    /// plain script).
    static func openWhenUsed(_ option: String?) throws -> SQLiteStore {
        let location = StoreLocation.resolve(option: option, environment: ProcessEnvironment.current)
        guard case .sqlite(let path) = location else { return try open(location) }
        return SQLiteStore.deferred(path: path)
    }

    func open() throws -> SQLiteStore { try Self.open(location) }

    static func open(_ location: StoreLocation) throws -> SQLiteStore {
        do {
            return try SQLiteStore(location: location)
        } catch {
            throw ValidationError("cannot open the store \(location): \(error)")
        }
    }
}

extension OnAirCommand.Schedule {
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record the triggers a playbook file declares (with a snapshot of the file).")

        @Argument(help: "The playbook file.") var file: String
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            guard let bytes = LuaFiles.read(file) else {
                Terminal.writeError("onair schedule add: cannot read '\(file)'\n")
                throw ExitCode(ExitStatus.usage)
            }
            let declarations: [ScheduleDeclaration]
            do {
                declarations = try await PlaybookFile.inspect(
                    LuaScript(name: file, source: bytes, directory: Paths.directory(of: file))).schedules
            } catch let error as LuaError {
                Terminal.writeError(error.rendered + "\n")
                throw ExitCode(error.exitCode)
            }
            guard !declarations.isEmpty else {
                Terminal.writeError("onair schedule add: \(file) declares no schedule (use schedule.at, weekly, cron or every)\n")
                throw ExitCode(ExitStatus.usage)
            }
            let store = try storeOptions.open()
            let script = String(decoding: bytes, as: UTF8.self)
            for declaration in declarations {
                let stored = try await store.addSchedule(ScheduleRecords.newSchedule(from: declaration, script: script, at: Date()))
                let next = declaration.spec.occurrences(after: Date(), count: 1).first.map { "next \($0)" } ?? "no future time"
                print("added \(stored.id)  \(declaration.playbook)  \(declaration.written) \(declaration.spec.zone.identifier)  \(next)")
            }
            try? store.close()
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List recorded schedules and when they fire next.")
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Include cancelled schedules.") var all = false

        func run() async throws {
            let store = try storeOptions.open()
            defer { try? store.close() }
            let now = Date()
            for schedule in try await store.schedules(includingCancelled: all) {
                let spec = try ScheduleRecords.spec(of: schedule)
                let state = schedule.cancelledAt != nil ? "cancelled" : schedule.isPaused(at: now) ? "paused" : "active"
                let next = spec.occurrences(after: now, count: 1).first.map { Occurrence.utcText($0.scheduled) } ?? "-"
                print("\(schedule.id)  \(schedule.name)  \(spec)  next \(next)  \(state)")
            }
        }
    }

    struct Next: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "next", abstract: "The next fire times of a schedule, with daylight-saving notes.")
        @Argument(help: "The schedule's id.") var id: String
        @Option(name: .short, help: "How many times to show.") var n: Int = 10
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let store = try storeOptions.open()
            defer { try? store.close() }
            let schedule = try await Self.find(id, in: store)
            let spec = try ScheduleRecords.spec(of: schedule)
            for occurrence in spec.occurrences(after: Date(), count: max(1, n)) {
                print(occurrence.description + (occurrence.dstNote.map { "  (\($0))" } ?? ""))
            }
        }

        static func find(_ id: String, in store: SQLiteStore) async throws -> StoredSchedule {
            do {
                return try await store.schedule(id: id)
            } catch let error as StoreError where error.kind == .notFound {
                throw ValidationError("no schedule with id '\(id)' (see `onair schedule list`)")
            }
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause a schedule (until a time, or until resumed).")
        @Argument(help: "The schedule's id.") var id: String
        @Option(help: "ISO 8601 time with an offset, e.g. 2026-12-31T23:00:00Z.") var until: String?
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            var end = Date.distantFuture
            if let until {
                guard let parsed = ISO8601DateFormatter().date(from: until) else {
                    throw ValidationError("--until: expected an ISO 8601 time with an offset, got '\(until)'")
                }
                end = parsed
            }
            try await storeOptions.change(id, verb: "paused", detail: until.map { " until \($0)" } ?? "") { store in
                try await store.pauseSchedule(id: id, until: end)
            }
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume a paused schedule.")
        @Argument(help: "The schedule's id.") var id: String
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.change(id, verb: "resumed") { store in try await store.resumeSchedule(id: id) }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a schedule for good.")
        @Argument(help: "The schedule's id.") var id: String
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.change(id, verb: "cancelled") { store in try await store.cancelSchedule(id: id, at: Date()) }
        }
    }
}
