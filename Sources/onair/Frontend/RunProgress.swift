import Foundation
import OnAirEngine
import Synchronization

/// Shows a playbook run as it goes, one line per event on standard error: the current step, each
/// resource as it enters the ledger (outputs with their guaranteed stop time), how long a hold
/// lasts before teardown, and teardown itself. On a terminal, a hold also keeps a status line up
/// to date every second: what is live and the time left to teardown.
final class RunProgress: Sendable {
    private let terminal: Bool
    private let live = Mutex<Set<String>>([])
    private let outputs = Mutex<Set<String>>([])
    /// The ticking status line of a hold, while one lasts.
    private let countdown = Mutex<Task<Void, Never>?>(nil)

    init(terminal: Bool = Terminal.standardErrorIsTerminal) {
        self.terminal = terminal
    }

    func show(_ event: RunEvent) {
        stopCountdown()
        switch event {
        case .started(let runID, let playbook, let endsAt):
            say("▶", "run \(runID) of playbook \"\(playbook)\"" + (endsAt.map { ", ends \(Self.time($0))" } ?? ""), bold: true)
        case .stepStarted(let name, _) where name.hasPrefix("ctx:"):
            break
        case .stepStarted(let name, let replayed):
            say("•", "step \(name)" + (replayed ? " (from the journal)" : ""))
        case .stepFinished(let name, let failed):
            if failed { say("✗", "step \(name) failed") }
        case .recorded(let kind, let provider, let id, let isOutput, let stopDueAt):
            let count = live.withLock { $0.insert("\(provider)/\(id)"); return $0.count }
            if isOutput { _ = outputs.withLock { $0.insert("\(provider)/\(id)") } }
            let stop = isOutput ? (stopDueAt.map { ", stopped by \(Self.time($0)) at the latest" } ?? " (kept)") : ""
            say("+", "\(provider) \(kind) \(id)\(stop)  [\(count) live]")
        case .holding(let until):
            let left = max(0, until.timeIntervalSinceNow)
            say("⏸", "holding until \(Self.time(until)): teardown in \(Self.span(left))")
            if terminal { startCountdown(until) }
        case .tearingDown(let count):
            if count > 0 { say("■", "tearing down \(count) resource\(count == 1 ? "" : "s"), newest first", bold: true) }
        case .tornDown(let kind, let provider, let id):
            let count = live.withLock { $0.remove("\(provider)/\(id)"); return $0.count }
            _ = outputs.withLock { $0.remove("\(provider)/\(id)") }
            say("-", "\(provider) \(kind) \(id) torn down  [\(count) live]")
        case .teardownFailed(let kind, let provider, let id, let error, let attempt):
            say("!", "\(provider) \(kind) \(id): teardown attempt \(attempt) failed: \(error); retrying")
        case .finished(let status):
            say("■", "run \(status)", bold: true)
        }
    }

    private func say(_ mark: String, _ text: String, bold: Bool = false) {
        let line = terminal && bold ? "\u{1B}[1m\(mark) \(text)\u{1B}[0m" : "\(mark) \(text)"
        Terminal.writeError(line + "\n")
    }

    private func startCountdown(_ until: Date) {
        let task = Task { [self] in
            while !Task.isCancelled {
                let (resources, streaming) = (live.withLock { $0.count }, outputs.withLock { $0.count })
                let left = max(0, until.timeIntervalSinceNow)
                let line = "\r\u{1B}[2K  \(resources) live (\(streaming) output\(streaming == 1 ? "" : "s") streaming) · teardown in \(Self.span(left))"
                // Under the lock, so a line never lands after `stopCountdown` cleared it.
                countdown.withLock { _ in if !Task.isCancelled { Terminal.writeError(line) } }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        countdown.withLock { $0 = task }
    }

    private func stopCountdown() {
        countdown.withLock { task in
            guard let running = task else { return }
            running.cancel()
            task = nil
            Terminal.writeError("\r\u{1B}[2K")
        }
    }

    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func span(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60)
        if h > 0 { return "\(h)h\(m)m" }
        if m > 0 { return "\(m)m\(String(format: "%02d", s))s" }
        return "\(s)s"
    }
}
