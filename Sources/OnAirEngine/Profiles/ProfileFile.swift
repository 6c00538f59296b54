import OnAirProviders
import TOMLKit

/// Profiles from a TOML file (`--config`, else `$XDG_CONFIG_HOME/onair/config.toml`).
///
/// A profile names, per provider, where to call and which environment variables hold the
/// credentials; the file never holds a secret itself. Providers a profile does not mention are
/// configured as in the `env` profile.
///
/// ```toml
/// default_profile = "staging"
///
/// [profiles.staging.cloudflare]
/// account_id = "0123456789abcdef0123456789abcdef"
/// token_env = "STAGING_CLOUDFLARE_TOKEN"
///
/// [profiles.staging.signalwire]
/// space = "acme.signalwire.com"
/// project_id_env = "STAGING_SW_PROJECT"
/// token_env = "STAGING_SW_TOKEN"
///
/// [profiles.staging.defaults]
/// room = "100ms"
/// ```
public struct ProfileFile {
    /// A problem in the file, with the file and the key at fault.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public let path: String
    public let defaultProfile: String?
    private let profiles: [String: TOMLTable]

    public init(text: String, path: String) throws {
        self.path = path
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw Problem(description: "\(path):\(error.source.begin.line):\(error.source.begin.column): \(error.description)")
        }
        for key in root.keys where !["default_profile", "profiles"].contains(key) {
            throw Problem(description: "\(path): unknown key '\(key)' (known: default_profile, profiles)")
        }
        defaultProfile = root["default_profile"]?.string
        var profiles: [String: TOMLTable] = [:]
        if let table = root["profiles"]?.table {
            for name in table.keys {
                guard let profile = table[name]?.table else {
                    throw Problem(description: "\(path): profiles.\(name) must be a table")
                }
                profiles[name] = profile
            }
        }
        self.profiles = profiles
    }

    public var profileNames: [String] { profiles.keys.sorted() }

    /// The named profile, its credentials read from `environment`; nil when the file has none.
    public func profile(named name: String, environment: [String: String]) throws -> Profile? {
        guard let table = profiles[name] else { return nil }
        let prefix = "\(path): profiles.\(name)"
        let sections = ["signalwire", "100ms", "cloudflare", "gjirafa", "defaults"]
        for key in table.keys where !sections.contains(key) {
            throw Problem(description: "\(prefix): unknown key '\(key)' (known: \(sections.joined(separator: ", ")))")
        }
        func section(_ key: String, known: [String]) throws -> [String: String] {
            guard let value = table[key] else { return [:] }
            guard let section = value.table else { throw Problem(description: "\(prefix).\(key) must be a table") }
            var result: [String: String] = [:]
            for entry in section.keys {
                guard known.contains(entry) else {
                    throw Problem(description: "\(prefix).\(key): unknown key '\(entry)' (known: \(known.joined(separator: ", ")))")
                }
                guard let text = section[entry]?.string else {
                    throw Problem(description: "\(prefix).\(key).\(entry) must be a string")
                }
                result[entry] = text
            }
            return result
        }
        let signalwire = try section("signalwire", known: ["base_url", "space", "space_env", "project_id", "project_id_env", "token_env"])
        let hms = try section("100ms", known: ["base_url", "access_key_env", "secret_env"])
        let cloudflare = try section("cloudflare", known: ["base_url", "account_id", "account_id_env", "token_env"])
        let gjirafa = try section("gjirafa", known: ["base_url", "project_id", "project_id_env", "api_key_env", "auth_header", "auth_scheme"])
        let defaults = try section("defaults", known: ["room", "stream"])

        // Map the profile's names onto the variables the env profile reads, then build it the same way.
        var mapped = environment
        func take(_ settings: [String: String], inline: String, variable: String, standard: String) {
            if let value = settings[inline] { mapped[standard] = value }
            else if let name = settings[variable] { mapped[standard] = environment[name] }
        }
        take(signalwire, inline: "space", variable: "space_env", standard: "SIGNALWIRE_SPACE")
        take(signalwire, inline: "project_id", variable: "project_id_env", standard: "SIGNALWIRE_PROJECT_ID")
        take(signalwire, inline: "-", variable: "token_env", standard: "SIGNALWIRE_API_TOKEN")
        take(hms, inline: "-", variable: "access_key_env", standard: "HMS_ACCESS_KEY")
        take(hms, inline: "-", variable: "secret_env", standard: "HMS_SECRET")
        take(cloudflare, inline: "account_id", variable: "account_id_env", standard: "CLOUDFLARE_ACCOUNT_ID")
        take(cloudflare, inline: "-", variable: "token_env", standard: "CLOUDFLARE_API_TOKEN")
        take(gjirafa, inline: "project_id", variable: "project_id_env", standard: "GJIRAFA_PROJECT_ID")
        take(gjirafa, inline: "-", variable: "api_key_env", standard: "GJIRAFA_API_KEY")
        if let url = signalwire["base_url"] { mapped["ONAIR_SIGNALWIRE_BASE_URL"] = environment["ONAIR_SIGNALWIRE_BASE_URL"] ?? url }
        if let url = hms["base_url"] { mapped["ONAIR_HMS_BASE_URL"] = environment["ONAIR_HMS_BASE_URL"] ?? url }
        if let url = cloudflare["base_url"] { mapped["ONAIR_CLOUDFLARE_BASE_URL"] = environment["ONAIR_CLOUDFLARE_BASE_URL"] ?? url }
        if let url = gjirafa["base_url"] { mapped["ONAIR_GJIRAFA_BASE_URL"] = environment["ONAIR_GJIRAFA_BASE_URL"] ?? url }

        var profile = BuiltInProfiles.env(environment: mapped)
        profile.name = name
        // Name the variables the profile itself asks for when credentials are missing.
        func reason(_ provider: ProviderName, _ settings: [String: String], _ pairs: [(String, String)]) {
            guard profile.unavailable[provider] != nil else { return }
            let missing = pairs.compactMap { key, standard -> String? in
                let variable = settings[key] ?? standard
                return (environment[variable] ?? "").isEmpty ? variable : nil
            }
            if !missing.isEmpty { profile.unavailable[provider] = "set " + missing.joined(separator: " and ") }
        }
        reason(.signalwire, signalwire, [("project_id_env", "SIGNALWIRE_PROJECT_ID"), ("token_env", "SIGNALWIRE_API_TOKEN")])
        reason(.hms, hms, [("access_key_env", "HMS_ACCESS_KEY"), ("secret_env", "HMS_SECRET")])
        reason(.cloudflare, cloudflare, [("token_env", "CLOUDFLARE_API_TOKEN")])
        reason(.gjirafa, gjirafa, [("api_key_env", "GJIRAFA_API_KEY")])
        if var configuration = profile.gjirafa {
            if let header = gjirafa["auth_header"] { configuration.authHeaderName = header }
            if let scheme = gjirafa["auth_scheme"] { configuration.authScheme = scheme.isEmpty ? nil : scheme }
            profile.gjirafa = configuration
        }
        for (resource, providerName) in defaults {
            guard let provider = ProviderName(rawValue: providerName) else {
                throw Problem(description: "\(prefix).defaults.\(resource): unknown provider '\(providerName)'")
            }
            profile.defaultProviders[resource] = provider
        }
        return profile
    }
}
