import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C handling for a command that runs a script: the first SIGINT (or SIGTERM) cancels the
/// work, which lets the script unwind and run its `<close>` handlers; a second one exits at once.
enum Interruption {
    /// - Parameter leaving: the first signal ends the process at once (exit 0) instead of
    ///   cancelling the work: what is in progress is durable and taken over by the next start.
    static func run<T: Sendable>(leaving: Bool = false, _ body: @escaping @Sendable () async -> T) async -> T {
        let task = Task { await body() }
        let signals = Atomic<Int>(0)
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if leaving {
                    _exit(0)
                } else if signals.add(1, ordering: .relaxed).newValue == 1 {
                    task.cancel()
                } else {
                    _exit(130)
                }
            }
            source.resume()
            sources.append(source)
        }
        let value = await task.value
        for source in sources { source.cancel() }
        return value
    }
}
