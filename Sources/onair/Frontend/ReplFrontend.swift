import CEditLine
import Dispatch
import OnAirEngine
import OnAirLua
import OnAirProviders
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The REPL's terminal side: prompts, line editing and history through libedit, multi-line input,
/// Ctrl-C for the running line only, and plain line-by-line reading when input is piped.
struct ReplFrontend {
    let session: LuaSession
    let profile: Profile
    let history: ReplHistory

    /// Runs until end of input; returns the exit code of the last failing line (0 if none failed).
    func run() async -> Int32 {
        let interactive = isatty(0) != 0 && isatty(1) != 0
        let interrupts = ReplInterrupts()
        let signals = interrupts.install()
        defer { signals.cancel() }
        var status: Int32 = 0
        var pending = ""
        if interactive {
            Terminal.writeOutput(Array(banner.utf8))
            ReplCompletion.session = session
            // libedit decodes what is typed with the locale's character type: in the default "C"
            // locale every non-ASCII letter ("Café") would be dropped. Only LC_CTYPE is taken from
            // the environment; numbers keep the C locale's decimal point.
            setlocale(LC_CTYPE, "")
            onair_editline_setup("onair", ReplCompletion.complete)
            history.load()
        }
        while true {
            let prompt = pending.isEmpty ? "onair> " : "  ...> "
            guard let line = interactive ? Self.readEditedLine(prompt) : readLine(strippingNewline: true) else { break }
            if interactive, !line.trimmingSpaces.isEmpty { history.add(line) }
            if pending.isEmpty, line.trimmingSpaces.hasPrefix(".") {
                if let output = command(line.trimmingSpaces) {
                    Terminal.writeOutput(Array(output.utf8))
                    continue
                }
                break // .exit
            }
            pending += pending.isEmpty ? line : "\n" + line
            if pending.trimmingSpaces.isEmpty {
                pending = ""
                continue
            }
            if session.needsMoreInput(pending) { continue }
            let source = pending
            pending = ""
            let evaluation = await interrupts.evaluate(session, source, width: Terminal.columns, colour: interactive)
            if let output = evaluation.output { Terminal.writeOutput(Array((output + "\n").utf8)) }
            if let error = evaluation.error {
                Terminal.writeError(error.rendered + "\n")
                status = evaluation.exitCode
            }
        }
        if !pending.isEmpty, let error = await interrupts.evaluate(session, pending, width: 80, colour: false).error {
            Terminal.writeError(error.rendered + "\n")
            status = 1
        }
        if interactive { Terminal.writeOutput(Array("\n".utf8)) }
        return status
    }

    var banner: String {
        let where_ = profile.emulatedProviders.isEmpty
            ? "real providers" : "the built-in emulator (no real provider is called)"
        return "OnAir REPL, profile '\(profile.name)': \(where_).\nTab completes, .help lists helpers, Ctrl-D exits.\n"
    }

    /// `.help`, `.profile`, `.history`; nil for `.exit`.
    func command(_ text: String) -> String? {
        switch text {
        case ".exit", ".quit": return nil
        case ".profile":
            let emulated = profile.emulatedProviders.map(\.rawValue).sorted()
            var lines = ["profile: \(profile.name)"]
            lines.append("built-in emulator for: \(emulated.isEmpty ? "none" : emulated.joined(separator: ", "))")
            for (provider, reason) in profile.unavailable.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                lines.append("\(provider.rawValue) unavailable: \(reason)")
            }
            return lines.joined(separator: "\n") + "\n"
        case ".history":
            return history.recent(20).enumerated().map { "\($0.offset + 1)  \($0.element)" }.joined(separator: "\n") + "\n"
        default:
            return """
                Bindings: room, conference, stream, live_input, live_video, restream (the provider's own field names)
                Host:     onair.sleep/spawn/all/timeout/now/log, json.encode/decode
                Helpers:  .profile  which providers this session talks to
                          .history  the last 20 lines
                          .help     this text
                          .exit     leave (or Ctrl-D)
                Ctrl-C stops the running line; `local` at the start of a line persists.

                """
        }
    }

    static func readEditedLine(_ prompt: String) -> String? {
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }
}

/// Ctrl-C during an evaluation cancels that evaluation only; at the prompt it is ignored.
final class ReplInterrupts: Sendable {
    private let running = RunningEvaluation()

    /// Starts listening for SIGINT; keep the returned source alive for as long as the REPL runs.
    func install() -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let signals = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        signals.setEventHandler { [running] in running.cancel() }
        signals.resume()
        return signals
    }

    func evaluate(_ session: LuaSession, _ text: String, width: Int, colour: Bool) async -> LuaEvaluation {
        let box = SessionBox(session: session)
        let task = Task { await box.session.evaluate(text, width: width, colour: colour) }
        running.set(task)
        let evaluation = await task.value
        running.set(nil)
        return evaluation
    }
}

/// The evaluation Ctrl-C would cancel.
final class RunningEvaluation: Sendable {
    private let task = Mutex<Task<LuaEvaluation, Never>?>(nil)
    func set(_ value: Task<LuaEvaluation, Never>?) { task.withLock { $0 = value } }
    func cancel() { task.withLock { $0?.cancel() } }
}

/// The session crosses into the evaluation's task. Safe because the REPL awaits each evaluation
/// before it touches the session again: one task at a time ever uses it.
private final class SessionBox: @unchecked Sendable {
    let session: LuaSession
    init(session: LuaSession) { self.session = session }
}

/// Tab completion through libedit's C callback.
enum ReplCompletion {
    nonisolated(unsafe) static var session: LuaSession?
    nonisolated(unsafe) static var candidates: [String] = []
    nonisolated(unsafe) static var next = 0

    static let complete: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { text, state in
        if state == 0 {
            ReplCompletion.candidates = text.map { ReplCompletion.session?.completions(for: String(cString: $0)) ?? [] } ?? []
            ReplCompletion.next = 0
        }
        guard ReplCompletion.next < ReplCompletion.candidates.count else { return nil }
        defer { ReplCompletion.next += 1 }
        return strdup(ReplCompletion.candidates[ReplCompletion.next])
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
