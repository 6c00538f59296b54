/// A script to run: its source bytes and the name errors show (`examples/show.lua`).
public struct LuaScript: Sendable, Hashable {
    /// The name in messages and tracebacks, usually the path as the user typed it.
    public var name: String
    public var source: [UInt8]
    /// The folder `require` loads sibling modules from; nil allows only the host's modules.
    public var directory: String?

    public init(name: String, source: [UInt8], directory: String? = nil) {
        self.name = name
        self.source = source
        self.directory = directory
    }

    public init(name: String, source: String, directory: String? = nil) {
        self.init(name: name, source: Array(source.utf8), directory: directory)
    }
}
