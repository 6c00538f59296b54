import Hummingbird
import Logging
import NIOCore

/// Runs the emulator inside the current process, for the `local` profile and `onair emulator`.
///
/// ```swift
/// let server = EmulatorServer(configuration: .init(port: 0))
/// let port = try await server.start()      // the port actually bound
/// defer { Task { await server.stop() } }
/// ```
/// State lives as long as the server object: stopping and starting again keeps every resource.
public actor EmulatorServer {
    public nonisolated let configuration: EmulatorConfiguration
    private let state: EmulatorState
    private let logger: Logger
    private var running: Task<Void, any Error>?
    private var boundPort: Int?

    public init(configuration: EmulatorConfiguration = .init(), logger: Logger = Logger(label: "onair.emulator")) {
        self.configuration = configuration
        self.state = EmulatorState(configuration: configuration)
        self.logger = logger
    }

    /// The bound port while running, else nil.
    public var port: Int? { boundPort }

    /// Starts listening and returns once connections are accepted.
    ///
    /// - Returns: the bound port, which differs from the configured one when that is 0.
    /// - Throws: when the address cannot be bound, or when the server is already running.
    public func start() async throws -> Int {
        if running != nil { throw EmulatorServerError.alreadyRunning }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int?.self)
        let application = buildApplication(state: state, logger: logger) { channel in
            portContinuation.yield(channel.localAddress?.port)
            portContinuation.finish()
        }
        running = Task {
            defer { portContinuation.finish() }
            try await application.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let reported = await iterator.next(), let port = reported else {
            let task = running
            running = nil
            // The server ended before it listened; its error says why (address in use, ...).
            try await task?.value
            throw EmulatorServerError.didNotStart
        }
        boundPort = port
        return port
    }

    /// Stops accepting connections and waits for the server to end. Safe to call when stopped.
    public func stop() async {
        guard let task = running else { return }
        running = nil
        boundPort = nil
        task.cancel()
        _ = try? await task.value
    }
}

/// Why an ``EmulatorServer`` could not start.
public struct EmulatorServerError: Error, Equatable, CustomStringConvertible {
    private enum Reason: Equatable {
        case alreadyRunning
        case didNotStart
    }

    private let reason: Reason

    public static let alreadyRunning = EmulatorServerError(reason: .alreadyRunning)
    public static let didNotStart = EmulatorServerError(reason: .didNotStart)

    public var description: String {
        switch reason {
        case .alreadyRunning: "the emulator is already running"
        case .didNotStart: "the emulator stopped before it accepted connections"
        }
    }
}
