/// The credentials the emulator accepts, one set per provider.
///
/// The defaults are fixed, public values so that the `local` profile, the examples and the tests can
/// talk to an emulator with no setup. They guard nothing; they exist so that clients exercise the same
/// authentication code paths they use against the real services.
///
/// The default values:
/// - SignalWire: project id `00000000-0000-4000-8000-000000000001`, API token
///   `PTonair-emulator-signalwire-token`, sent as `Authorization: Basic base64(project:token)`.
/// - 100ms: access key `onair-emulator-hms-access-key`, app secret `onair-emulator-hms-app-secret`;
///   clients sign an HS256 management token with the secret and send `Authorization: Bearer <jwt>`.
/// - Cloudflare: API token `onair-emulator-cloudflare-token`, account id
///   `0000000000000000000000000000c0de`, sent as `Authorization: Bearer <token>`.
/// - Gjirafa: API key `onair-emulator-gjirafa-key`, project id `onairdev`, sent as
///   `Authorization: Bearer <key>` (header name and scheme are configurable, see ``Gjirafa``).
public struct EmulatorCredentials: Sendable, Equatable {
    /// SignalWire Video: HTTP Basic with the project id as user and the API token as password.
    public struct SignalWire: Sendable, Equatable {
        public var projectID: String
        public var apiToken: String

        public init(
            projectID: String = "00000000-0000-4000-8000-000000000001",
            apiToken: String = "PTonair-emulator-signalwire-token"
        ) {
            self.projectID = projectID
            self.apiToken = apiToken
        }
    }

    /// 100ms: a management JWT signed with `secret` (HS256) whose `access_key` claim is `accessKey`.
    public struct HMS: Sendable, Equatable {
        public var accessKey: String
        public var secret: String
        /// Seconds of clock difference tolerated on `exp`, `nbf` and `iat`; 100ms's own SDK backdates
        /// `iat` by ten seconds, so a strict zero would reject honest clients.
        public var allowedClockSkewSeconds: Int

        public init(
            accessKey: String = "onair-emulator-hms-access-key",
            secret: String = "onair-emulator-hms-app-secret",
            allowedClockSkewSeconds: Int = 30
        ) {
            self.accessKey = accessKey
            self.secret = secret
            self.allowedClockSkewSeconds = allowedClockSkewSeconds
        }
    }

    /// Cloudflare: an API token as a Bearer credential, valid for one account.
    public struct Cloudflare: Sendable, Equatable {
        public var apiToken: String
        /// The only account the token may act on; other account ids are refused as Cloudflare
        /// refuses a token without access to them.
        public var accountID: String
        /// Status for a well-formed but wrong token (error code 10000). Cloudflare has been seen
        /// answering both 401 and 403; 401 is the default, so SDKs raise their authentication error.
        /// A valid token used on another account always gets 403.
        public var invalidTokenStatus: Int

        public init(
            apiToken: String = "onair-emulator-cloudflare-token",
            accountID: String = "0000000000000000000000000000c0de",
            invalidTokenStatus: Int = 401
        ) {
            self.apiToken = apiToken
            self.accountID = accountID
            self.invalidTokenStatus = invalidTokenStatus
        }
    }

    /// Gjirafa VP: an API key for one project.
    ///
    /// Gjirafa documents only the header name `Authorization`, not the value's form, so both the
    /// header and the scheme are settings. The default is `Authorization: Bearer <key>`; an empty
    /// `scheme` means the bare key. With `acceptsAlternativeForms` the emulator also takes the bare
    /// key, `Bearer <key>`, and the `api-key` / `x-api-key` headers.
    public struct Gjirafa: Sendable, Equatable {
        public var apiKey: String
        public var projectID: String
        public var headerName: String
        public var scheme: String
        public var acceptsAlternativeForms: Bool

        public init(
            apiKey: String = "onair-emulator-gjirafa-key",
            projectID: String = "onairdev",
            headerName: String = "Authorization",
            scheme: String = "Bearer",
            acceptsAlternativeForms: Bool = false
        ) {
            self.apiKey = apiKey
            self.projectID = projectID
            self.headerName = headerName
            self.scheme = scheme
            self.acceptsAlternativeForms = acceptsAlternativeForms
        }
    }

    public var signalWire: SignalWire
    public var hms: HMS
    public var cloudflare: Cloudflare
    public var gjirafa: Gjirafa

    public init(
        signalWire: SignalWire = .init(),
        hms: HMS = .init(),
        cloudflare: Cloudflare = .init(),
        gjirafa: Gjirafa = .init()
    ) {
        self.signalWire = signalWire
        self.hms = hms
        self.cloudflare = cloudflare
        self.gjirafa = gjirafa
    }

    /// The documented defaults, as the `local` profile uses them.
    public static let `default` = EmulatorCredentials()
}
