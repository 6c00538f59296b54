import Hummingbird
import Logging
import NIOCore

/// Builds the emulator as a Hummingbird application listening where `configuration` says.
///
/// The `onair` executable runs the result (or uses ``EmulatorServer``), and the tests drive it with
/// `app.test(.router)` or `.live`.
public func buildApplication(configuration: EmulatorConfiguration) -> some ApplicationProtocol {
    buildApplication(state: EmulatorState(configuration: configuration))
}

/// Builds the application around an existing state, so a caller can keep the state after the
/// server stops, or learn the bound port through `onServerRunning`.
func buildApplication(
    state: EmulatorState,
    logger: Logger = Logger(label: "onair.emulator"),
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(state: state),
        configuration: .init(
            address: .hostname(state.configuration.host, port: state.configuration.port),
            serverName: "onair-emulator"
        ),
        onServerRunning: onServerRunning,
        logger: logger
    )
}

/// All four providers' routes and the control API on one router.
///
/// The fault middleware comes first so it also covers unknown routes; each provider's group adds
/// its own authentication, so a request with the wrong credentials is refused in that provider's
/// shape.
public func buildRouter(state: EmulatorState) -> Router<EmulatorRequestContext> {
    let router = Router(context: EmulatorRequestContext.self)
    router.add(middleware: FaultMiddleware(state: state))

    ControlController(state: state).addRoutes(to: router.group("_emulator"))

    let signalWire = router.group("api/video").add(middleware: SignalWireAuthMiddleware(credentials: state.configuration.credentials.signalWire))
    SignalWireRoomsController(state: state).addRoutes(to: signalWire.group("rooms"))
    SignalWireConferencesController(state: state).addRoutes(to: signalWire.group("conferences"))
    SignalWireStreamsController(state: state).addRoutes(to: signalWire.group("streams"))

    let hms = router.group("v2").add(middleware: HMSAuthMiddleware(state: state))
    HMSRoomsController(state: state).addRoutes(to: hms)
    HMSExternalStreamsController(state: state).addRoutes(to: hms.group("external-streams"))

    let cloudflare = router.group("client/v4/accounts/:account_id/stream/live_inputs")
        .add(middleware: CloudflareAuthMiddleware(credentials: state.configuration.credentials.cloudflare))
    CloudflareLiveInputsController(state: state).addRoutes(to: cloudflare)
    CloudflareOutputsController(state: state).addRoutes(to: cloudflare.group(":live_input_identifier/outputs"))

    let gjirafaAuth = GjirafaAuthMiddleware(credentials: state.configuration.credentials.gjirafa)
    GjirafaLiveVideosController(state: state).addRoutes(
        v1: router.group("api/v1/:projectId").add(middleware: gjirafaAuth),
        v2: router.group("api/v2/:projectId").add(middleware: gjirafaAuth)
    )
    GjirafaRestreamsController(state: state).addRoutes(to: router.group("api/v1/:projectId").add(middleware: gjirafaAuth))
    return router
}
