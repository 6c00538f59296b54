import Hummingbird
import Logging
import NIOCore

/// The per-request context: Hummingbird's core storage plus the connection, which the
/// `drop_after_commit` fault closes after a change has been made.
public struct EmulatorRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
