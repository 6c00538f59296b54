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

    /// Adds the provider bindings to a host configuration.
    public func install(into configuration: inout LuaHostConfiguration) {
        configuration.modules += modules
    }
}
