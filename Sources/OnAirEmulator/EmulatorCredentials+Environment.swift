extension EmulatorCredentials {
    /// The variables the providers' own SDKs read, and which credential each one sets.
    ///
    /// A user who exports them for `onair run --profile env` can point the same shell at an
    /// `onair emulator` (with `ONAIR_<PROVIDER>_BASE_URL`) and be accepted. Each variable that is
    /// set and not empty replaces its one value; the rest keep the documented defaults.
    public static let environmentVariables: [(name: String, set: @Sendable (inout EmulatorCredentials, String) -> Void)] = [
        ("SIGNALWIRE_PROJECT_ID", { $0.signalWire.projectID = $1 }),
        ("SIGNALWIRE_API_TOKEN", { $0.signalWire.apiToken = $1 }),
        ("HMS_ACCESS_KEY", { $0.hms.accessKey = $1 }),
        ("HMS_SECRET", { $0.hms.secret = $1 }),
        ("CLOUDFLARE_API_TOKEN", { $0.cloudflare.apiToken = $1 }),
        ("CLOUDFLARE_ACCOUNT_ID", { $0.cloudflare.accountID = $1 }),
        ("GJIRAFA_API_KEY", { $0.gjirafa.apiKey = $1 }),
        ("GJIRAFA_PROJECT_ID", { $0.gjirafa.projectID = $1 }),
    ]

    /// The defaults with every credential variable of `environment` applied, and the names of the
    /// variables that were used (so the emulator can say which credentials it serves).
    public static func from(environment: [String: String]) -> (credentials: EmulatorCredentials, used: Set<String>) {
        var credentials = EmulatorCredentials.default
        var used: Set<String> = []
        for variable in environmentVariables {
            guard let value = environment[variable.name], !value.isEmpty else { continue }
            variable.set(&credentials, value)
            used.insert(variable.name)
        }
        return (credentials, used)
    }
}
