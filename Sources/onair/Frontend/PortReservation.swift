import ArgumentParser
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A loopback port held for the built-in emulator from set-up until the emulator listens on it.
///
/// The clients are configured with the emulator's address before it starts, and it may start
/// hours later (the first provider call of a REPL or a daemon). A port that was merely looked up
/// and released could meanwhile be taken by another process, or be handed out as the local port
/// of an outgoing connection. So the port stays bound by a socket of ours (with `SO_REUSEADDR`,
/// not listening), which the kernel lets the emulator's own listening socket share, and it is
/// released only once the emulator listens.
final class PortReservation: Sendable {
    let port: Int
    private let descriptor: Mutex<Int32?>

    init() throws {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw ValidationError("cannot open a socket for the built-in emulator") }
        var yes: Int32 = 1
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = setsockopt(socketDescriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size)) == 0
            && withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    bind(socketDescriptor, pointer, length) == 0 && getsockname(socketDescriptor, pointer, &length) == 0
                }
            }
        guard bound else {
            close(socketDescriptor)
            throw ValidationError("cannot reserve a port for the built-in emulator")
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        descriptor = Mutex(socketDescriptor)
    }

    /// Lets the port go; safe to call more than once.
    func release() {
        if let held = descriptor.withLock({ held in defer { held = nil }; return held }) { close(held) }
    }

    deinit { release() }
}
