import OnAirStore
import Testing

@Suite struct StoreLocationTests {
    @Test func theOptionWinsThenTheEnvironmentThenTheDataFolder() {
        #expect(StoreLocation.resolve(option: "/tmp/s.sqlite", environment: ["ONAIR_STORE": "/x"]) == .sqlite(path: "/tmp/s.sqlite"))
        #expect(StoreLocation.resolve(option: nil, environment: ["ONAIR_STORE": "postgres://u:p@db/onair"]) == .postgres(url: "postgres://u:p@db/onair"))
        #expect(StoreLocation.resolve(option: nil, environment: ["HOME": "/home/a"]) == .sqlite(path: "/home/a/.local/share/onair/onair.sqlite"))
        #expect(StoreLocation.resolve(option: nil, environment: ["XDG_DATA_HOME": "/d"]) == .sqlite(path: "/d/onair/onair.sqlite"))
    }

    @Test func aPostgresPasswordIsNeverShown() {
        #expect(StoreLocation.postgres(url: "postgres://user:secret@db:5432/onair").description == "postgres://…@db:5432/onair")
    }
}
