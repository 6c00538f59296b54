import OnAirLua
import OnAirProviders

/// Where providers meet Lua: the binding modules of a profile, ready to install into a host.
public struct OnAirEngine: Sendable {
    public let directory: ProviderDirectory

    public init(directory: ProviderDirectory) {
        self.directory = directory
    }

    /// One module per resource of the Lua API (`room`, `conference`, `stream`, `live_input`,
    /// `live_video`, `restream`).
    public var modules: [LuaModule] {
        [
            RoomBindings.module(directory), ConferenceBindings.module(directory), StreamBindings.module(directory),
            LiveInputBindings.module(directory), LiveVideoBindings.module(directory), RestreamBindings.module(directory),
        ]
    }

    /// The binding modules over a directory in which no provider is available (calling one
    /// fails with `reason`): for reading a file's declarations, planning and checking names.
    /// The transport is only there because a directory needs one; it never sends.
    static func offlineModules(reason: String, transport: ProviderTransport) -> [LuaModule] {
        let offline = Profile(
            name: "offline", unavailable: Dictionary(uniqueKeysWithValues: ProviderName.allCases.map { ($0, reason) }))
        return OnAirEngine(directory: ProviderDirectory(profile: offline, transport: transport, notice: { _ in })).modules
    }

    /// Adds the provider bindings to a host configuration.
    public func install(into configuration: inout LuaHostConfiguration) {
        configuration.modules += modules
    }
}
