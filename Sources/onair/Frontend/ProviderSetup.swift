import ArgumentParser
import Logging
import OnAirEmulator
import OnAirEngine
import OnAirLua
import OnAirProviders
#if canImport(Glibc)
import Glibc
#endif

/// Composes the providers of a profile: the engine's bindings over one transport, and for the
/// `local` profile the emulator inside this process, started the first time a script calls a
/// provider (scripts that call none pay nothing for it).
struct ProviderSetup: Sendable {
    let engine: OnAirEngine
    let transport: ProviderTransport
    let emulator: LocalEmulator?

    init(profileName: String, file: ProfileFile?, environment: [String: String]) throws {
        let profile: Profile
        switch profileName {
        case "local":
            let emulator = LocalEmulator(port: try LocalEmulator.reservePort())
            let credentials = EmulatorCredentials.default
            let access = BuiltInProfiles.EmulatorAccess(
                signalwireProjectID: credentials.signalWire.projectID, signalwireToken: credentials.signalWire.apiToken,
                hmsAccessKey: credentials.hms.accessKey, hmsSecret: credentials.hms.secret,
                cloudflareAccountID: credentials.cloudflare.accountID, cloudflareToken: credentials.cloudflare.apiToken,
                gjirafaProjectID: credentials.gjirafa.projectID, gjirafaKey: credentials.gjirafa.apiKey)
            profile = BuiltInProfiles.local(emulatorURL: emulator.baseURL, access: access, environment: environment)
            self.emulator = profile.emulatedProviders.isEmpty ? nil : emulator
        case "env":
            profile = BuiltInProfiles.env(environment: environment)
            emulator = nil
        default:
            let fromFile: Profile?
            do {
                fromFile = try file?.profile(named: profileName, environment: environment)
            } catch let problem as ProfileFile.Problem {
                throw ValidationError(problem.description)
            }
            guard let fromFile else {
                let known = BuiltInProfiles.names + (file?.profileNames ?? [])
                throw ValidationError("unknown profile '\(profileName)' (known: \(known.joined(separator: ", ")))")
            }
            profile = fromFile
            emulator = nil
        }
        // Made last: an HTTP client must be shut down, so nothing may throw once it exists.
        transport = ProviderTransport()
        let emulator = self.emulator
        let directory = ProviderDirectory(
            profile: profile, transport: transport, notice: { Terminal.writeError($0 + "\n") },
            prepare: { try await emulator?.ensureStarted() })
        engine = OnAirEngine(directory: directory)
    }

    func shutdown() async {
        await emulator?.stop()
        try? await transport.shutdown()
    }
}

/// The built-in emulator of the `local` profile, on a loopback port chosen up front so clients
/// can be configured before it starts.
actor LocalEmulator {
    nonisolated let port: Int
    nonisolated var baseURL: String { "http://127.0.0.1:\(port)" }
    private var server: EmulatorServer?

    init(port: Int) { self.port = port }

    func ensureStarted() async throws {
        if server != nil { return }
        // The server's own logs would interleave with the script's: only failures are shown.
        var logger = Logger(label: "onair.emulator")
        logger.logLevel = .critical
        let server = EmulatorServer(configuration: EmulatorConfiguration(host: "127.0.0.1", port: port), logger: logger)
        do {
            _ = try await server.start()
        } catch {
            throw LuaError(LuaError.Kind(rawValue: "unavailable"), "cannot start the built-in emulator on port \(port): \(error)")
        }
        self.server = server
    }

    func stop() async {
        await server?.stop()
        server = nil
    }

    /// A free loopback port: bind port 0, read what the system chose, release it.
    static func reservePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ValidationError("cannot open a socket for the built-in emulator") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw ValidationError("cannot reserve a port for the built-in emulator") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
