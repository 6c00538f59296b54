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
            let emulator = LocalEmulator(reservation: try PortReservation())
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
        transport = ProviderTransport(readiness: self.emulator.map { profile.readiness(starting: $0.start) })
        let directory = ProviderDirectory(profile: profile, transport: transport, notice: { Terminal.writeError($0 + "\n") })
        engine = OnAirEngine(directory: directory)
    }

    func shutdown() async {
        await emulator?.stop()
        try? await transport.shutdown()
    }
}

/// The built-in emulator of the `local` profile, on a loopback port chosen up front so clients
/// can be configured before it starts. It starts on the first request to an emulated provider,
/// once per process however many requests arrive together (``StartOnce``).
struct LocalEmulator: Sendable {
    let reservation: PortReservation
    var baseURL: String { "http://127.0.0.1:\(reservation.port)" }
    let start: StartOnce<EmulatorServer>

    init(reservation: PortReservation) {
        self.reservation = reservation
        let port = reservation.port
        start = StartOnce {
            // The server's own logs would interleave with the script's: only failures are shown.
            var logger = Logger(label: "onair.emulator")
            logger.logLevel = .critical
            let server = EmulatorServer(configuration: EmulatorConfiguration(host: "127.0.0.1", port: port), logger: logger)
            do {
                _ = try await server.start()
            } catch {
                await server.stop()
                throw LuaError(LuaError.Kind(rawValue: "unavailable"), "cannot start the built-in emulator on port \(port): \(error)")
            }
            reservation.release()
            return server
        }
    }

    func stop() async {
        await start.finish()?.stop()
        reservation.release()
    }
}
