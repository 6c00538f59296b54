/// A script to run: its source bytes and the name errors show (`examples/show.lua`).
public struct LuaScript: Sendable, Hashable {
    /// The name in messages and tracebacks, usually the path as the user typed it.
    public var name: String
    public var source: [UInt8]
    /// The folder `require` loads sibling modules from; nil allows only the host's modules.
    public var directory: String?
    /// Lua source that runs in the script's environment instead of the script, with the script's
    /// main chunk as its one argument: it decides when to run it and what to do after. The
    /// engine runs a playbook file this way (its top level declares, then the playbook runs).
    /// Its frames show as `[onair]` in tracebacks.
    public var driver: String?

    public init(name: String, source: [UInt8], directory: String? = nil, driver: String? = nil) {
        self.name = name
        self.source = source
        self.directory = directory
        self.driver = driver
    }

    public init(name: String, source: String, directory: String? = nil, driver: String? = nil) {
        self.init(name: name, source: Array(source.utf8), directory: directory, driver: driver)
    }
}
