internal import CLua
import Synchronization

/// Compiled forms of the host's own Lua code (the parts of modules written in Lua), shared by
/// every state of the process.
///
/// Parsing those chunks was the largest part of creating a state; loading their bytecode is a
/// fraction of it. The bytecode is produced here, in this process, from the host's own source, so
/// loading it is as safe as parsing that source. Scripts and their modules are never loaded from
/// bytecode: the sandbox accepts text only.
final class LuaChunkCache: Sendable {
    static let shared = LuaChunkCache()

    private let chunks = Mutex<[String: [UInt8]]>([:])

    /// Loads `source` as a function onto the stack, from its cached bytecode when there is one.
    /// Returns the Lua status. [] -> [function] or [message]
    func load(_ source: String, chunkname: String, into L: OpaquePointer) -> Int32 {
        if let bytecode = chunks.withLock({ $0[source] }) {
            return bytecode.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    chunkname.withCString { clua_loadbuffer(L, chars.baseAddress, chars.count, $0, "b") }
                }
            }
        }
        let status = source.withCString { text in
            chunkname.withCString { clua_loadbuffer(L, text, strlen(text), $0, "t") }
        }
        guard status == LUA_OK else { return status }
        let sink = DumpSink()
        _ = lua_dump(L, { _, data, size, context in
            let sink = Unmanaged<DumpSink>.fromOpaque(context!).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size))
            return 0
        }, Unmanaged.passUnretained(sink).toOpaque(), 0)
        let bytes = sink.bytes
        chunks.withLock { $0[source] = bytes }
        return status
    }

    private final class DumpSink {
        var bytes: [UInt8] = []
    }
}
