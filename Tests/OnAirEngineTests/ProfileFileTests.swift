import OnAirEngine
import OnAirProviders
import Testing

/// Profiles from the TOML file: credentials by environment-variable name, base URLs, defaults, and
/// errors that name the file and key at fault.
@Suite struct ProfileFileTests {
    static let text = """
        default_profile = "staging"

        [profiles.staging.cloudflare]
        account_id = "0000000000000000000000000000c0de"
        token_env = "STAGING_CF_TOKEN"
        base_url = "http://127.0.0.1:9/client/v4"

        [profiles.staging.signalwire]
        space = "acme.signalwire.com"
        project_id_env = "STAGING_SW_PROJECT"
        token_env = "STAGING_SW_TOKEN"

        [profiles.staging.gjirafa]
        auth_header = "x-api-key"
        auth_scheme = ""

        [profiles.staging.defaults]
        room = "100ms"
        """

    @Test func aProfileReadsItsCredentialsFromTheVariablesItNames() throws {
        let file = try ProfileFile(text: Self.text, path: "config.toml")
        #expect(file.defaultProfile == "staging")
        #expect(file.profileNames == ["staging"])
        let profile = try #require(try file.profile(named: "staging", environment: [
            "STAGING_CF_TOKEN": "cf", "STAGING_SW_PROJECT": "p", "STAGING_SW_TOKEN": "t",
            "GJIRAFA_API_KEY": "g", "GJIRAFA_PROJECT_ID": "proj",
        ]))
        #expect(profile.cloudflare?.apiToken == "cf")
        #expect(profile.cloudflare?.baseURL == "http://127.0.0.1:9/client/v4")
        #expect(profile.signalwire?.baseURL == "https://acme.signalwire.com")
        #expect(profile.signalwire?.projectID == "p")
        #expect(profile.gjirafa?.authHeaderName == "x-api-key")
        #expect(profile.gjirafa?.authScheme == nil)
        #expect(profile.defaultProviders["room"] == .hms)
        #expect(profile.unavailable[.hms] == "set HMS_ACCESS_KEY and HMS_SECRET")
    }

    @Test func missingCredentialsNameTheProfilesOwnVariables() throws {
        let file = try ProfileFile(text: Self.text, path: "config.toml")
        let profile = try #require(try file.profile(named: "staging", environment: [:]))
        #expect(profile.unavailable[.cloudflare] == "set STAGING_CF_TOKEN")
        #expect(profile.unavailable[.signalwire] == "set STAGING_SW_PROJECT and STAGING_SW_TOKEN")
    }

    @Test func mistakesNameTheFileAndTheKey() throws {
        #expect(throws: ProfileFile.Problem.self) { try ProfileFile(text: "x = = 1", path: "c.toml") }
        do {
            _ = try ProfileFile(text: "x = = 1", path: "c.toml")
        } catch {
            #expect("\(error)".hasPrefix("c.toml:1:5: "))
        }
        let typo = try ProfileFile(text: "[profiles.p.cloudflare]\ntokn_env = \"X\"\n", path: "c.toml")
        do {
            _ = try typo.profile(named: "p", environment: [:])
            Issue.record("a misspelt key must be an error")
        } catch {
            #expect("\(error)" == "c.toml: profiles.p.cloudflare: unknown key 'tokn_env' (known: base_url, account_id, account_id_env, token_env)")
        }
        let badProvider = try ProfileFile(text: "[profiles.p.defaults]\nroom = \"zoom\"\n", path: "c.toml")
        #expect(throws: ProfileFile.Problem.self) { try badProvider.profile(named: "p", environment: [:]) }
        #expect(try typo.profile(named: "absent", environment: [:]) == nil)
    }
}
