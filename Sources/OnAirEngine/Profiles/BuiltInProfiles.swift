import OnAirProviders

/// The two profiles every installation has.
///
/// - `local` (the default): every provider is served by the built-in emulator at `emulatorURL`
///   with the emulator's published credentials, so examples run with no account and no network.
///   A base-URL override (`ONAIR_<PROVIDER>_BASE_URL`) sends that provider elsewhere, for example
///   to an `onair emulator` shared by two processes.
/// - `env`: the providers' real hosts, with credentials from the environment variables their own
///   SDKs use. A provider whose variables are missing is unavailable.
public enum BuiltInProfiles {
    /// The credentials the emulator accepts; the executable passes them in (the engine does not
    /// know the emulator).
    public struct EmulatorAccess: Sendable {
        public var signalwireProjectID: String
        public var signalwireToken: String
        public var hmsAccessKey: String
        public var hmsSecret: String
        public var cloudflareAccountID: String
        public var cloudflareToken: String
        public var gjirafaProjectID: String
        public var gjirafaKey: String

        public init(
            signalwireProjectID: String, signalwireToken: String, hmsAccessKey: String, hmsSecret: String,
            cloudflareAccountID: String, cloudflareToken: String, gjirafaProjectID: String, gjirafaKey: String
        ) {
            self.signalwireProjectID = signalwireProjectID
            self.signalwireToken = signalwireToken
            self.hmsAccessKey = hmsAccessKey
            self.hmsSecret = hmsSecret
            self.cloudflareAccountID = cloudflareAccountID
            self.cloudflareToken = cloudflareToken
            self.gjirafaProjectID = gjirafaProjectID
            self.gjirafaKey = gjirafaKey
        }
    }

    public static let names = ["local", "env"]

    public static func local(emulatorURL: String, access: EmulatorAccess, environment: [String: String]) -> Profile {
        let urls = BaseURLOverrides(environment: environment)
        var emulated: Set<ProviderName> = []
        func url(_ provider: ProviderName, _ override: String?, path: String) -> String {
            if let override { return override }
            emulated.insert(provider)
            return emulatorURL + path
        }
        return Profile(
            name: "local",
            signalwire: .init(baseURL: url(.signalwire, urls.signalwire, path: ""), projectID: access.signalwireProjectID, apiToken: access.signalwireToken),
            hms: .init(baseURL: url(.hms, urls.hms, path: "/v2"), accessKey: access.hmsAccessKey, secret: access.hmsSecret),
            cloudflare: .init(baseURL: url(.cloudflare, urls.cloudflare, path: "/client/v4"), accountID: access.cloudflareAccountID, apiToken: access.cloudflareToken),
            gjirafa: .init(baseURL: url(.gjirafa, urls.gjirafa, path: ""), projectID: access.gjirafaProjectID, apiKey: access.gjirafaKey),
            emulatedProviders: emulated)
    }

    public static func env(environment: [String: String]) -> Profile {
        let urls = BaseURLOverrides(environment: environment)
        var profile = Profile(name: "env")
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        func missing(_ names: [String]) -> String? {
            let absent = names.filter { value($0) == nil }
            return absent.isEmpty ? nil : "set " + absent.joined(separator: " and ")
        }
        if let reason = missing(["SIGNALWIRE_PROJECT_ID", "SIGNALWIRE_API_TOKEN", "SIGNALWIRE_SPACE"]) {
            profile.unavailable[.signalwire] = reason
        } else {
            let space = value("SIGNALWIRE_SPACE")!
            profile.signalwire = .init(
                baseURL: urls.signalwire ?? (space.contains("://") ? space : "https://" + space),
                projectID: value("SIGNALWIRE_PROJECT_ID")!, apiToken: value("SIGNALWIRE_API_TOKEN")!)
        }
        if let reason = missing(["HMS_ACCESS_KEY", "HMS_SECRET"]) {
            profile.unavailable[.hms] = reason
        } else {
            profile.hms = .init(
                baseURL: urls.hms ?? "https://api.100ms.live/v2", accessKey: value("HMS_ACCESS_KEY")!,
                secret: value("HMS_SECRET")!)
        }
        if let reason = missing(["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID"]) {
            profile.unavailable[.cloudflare] = reason
        } else {
            profile.cloudflare = .init(
                baseURL: urls.cloudflare ?? "https://api.cloudflare.com/client/v4",
                accountID: value("CLOUDFLARE_ACCOUNT_ID")!, apiToken: value("CLOUDFLARE_API_TOKEN")!)
        }
        if let reason = missing(["GJIRAFA_API_KEY", "GJIRAFA_PROJECT_ID"]) {
            profile.unavailable[.gjirafa] = reason
        } else {
            profile.gjirafa = .init(
                baseURL: urls.gjirafa ?? "https://livestream.vp.gjirafa.tech", projectID: value("GJIRAFA_PROJECT_ID")!,
                apiKey: value("GJIRAFA_API_KEY")!)
        }
        return profile
    }
}

/// `ONAIR_<PROVIDER>_BASE_URL` (and Cloudflare's own `CLOUDFLARE_BASE_URL`): where a provider's
/// calls go instead of its usual host, whatever the profile.
struct BaseURLOverrides {
    var signalwire: String?
    var hms: String?
    var cloudflare: String?
    var gjirafa: String?

    init(environment: [String: String]) {
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : String($0.reversed().drop { $0 == "/" }.reversed()) }
        }
        signalwire = value("ONAIR_SIGNALWIRE_BASE_URL")
        hms = value("ONAIR_HMS_BASE_URL")
        cloudflare = value("ONAIR_CLOUDFLARE_BASE_URL") ?? value("CLOUDFLARE_BASE_URL")
        gjirafa = value("ONAIR_GJIRAFA_BASE_URL")
    }
}
