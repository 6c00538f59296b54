@testable import OnAirLua
import Synchronization
import Testing

/// What a script printed and logged.
final class Captured: Sendable {
    private let state = Mutex<([UInt8], [LuaLogRecord])>(([], []))
    var output: String { state.withLock { String(decoding: $0.0, as: UTF8.self) } }
    var logs: [LuaLogRecord] { state.withLock { $0.1 } }
    func append(_ bytes: [UInt8]) { state.withLock { $0.0 += bytes } }
    func append(_ record: LuaLogRecord) { state.withLock { $0.1.append(record) } }
}

func makeHost(
    limits: LuaLimits = LuaLimits(), modules: [LuaModule] = [], captured: Captured = Captured(),
    diagnostics: LuaDiagnostics? = nil, requirable: [String: String] = [:]
) -> LuaHost {
    LuaHost(configuration: LuaHostConfiguration(
        limits: limits, modules: modules, requirableModules: requirable,
        output: { captured.append($0) }, log: { captured.append($0) },
        unresponsive: { error in Issue.record("unresponsive script: \(error)") }, diagnostics: diagnostics))
}

func run(
    _ source: String, limits: LuaLimits = LuaLimits(), modules: [LuaModule] = [], captured: Captured = Captured(),
    arguments: LuaValue = .nil, directory: String? = nil, name: String = "test.lua",
    diagnostics: LuaDiagnostics? = nil
) async -> LuaRunResult {
    await makeHost(limits: limits, modules: modules, captured: captured, diagnostics: diagnostics).run(
        LuaScript(name: name, source: source, directory: directory), arguments: arguments)
}

/// Runs a script that must succeed and returns its printed output.
func output(_ source: String, modules: [LuaModule] = [], limits: LuaLimits = LuaLimits(),
            sourceLocation: SourceLocation = #_sourceLocation) async -> String {
    let captured = Captured()
    let result = await run(source, limits: limits, modules: modules, captured: captured)
    #expect(result.error == nil, "\(result.error?.rendered ?? "")", sourceLocation: sourceLocation)
    return captured.output
}

/// A binding that waits `delay` then returns its argument: a stand-in for a provider call.
func echoAfter(_ delay: Duration) -> LuaModule {
    LuaModule("fake", functions: [
        LuaFunction("echo") { call in
            let value = try call.value(1)
            return .wait {
                try await Task.sleep(for: delay)
                return [value]
            }
        },
        LuaFunction("fail") { call in
            let message = try call.string(1)
            return .wait { throw LuaError(LuaError.Kind(rawValue: "not_found"), message, fields: ["status": 404]) }
        },
        LuaFunction("check") { call in
            let table = try call.table(1)
            return .value(.integer(Int64(table.count)))
        },
    ])
}

/// A temporary folder for scripts and modules.
struct TemporaryFolder: ~Copyable {
    let path: String
    init() {
        var template = Array("/tmp/onair-test-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }
    func write(_ name: String, _ contents: String) {
        let file = path + "/" + name
        if let slash = name.lastIndex(of: "/") { mkdir(path + "/" + name[..<slash], 0o755) }
        let handle = fopen(file, "wb")!
        fputs(contents, handle)
        fclose(handle)
    }
    deinit { _ = system_remove(path) }
}

#if canImport(Glibc)
import Glibc
#endif

@discardableResult
func system_remove(_ path: String) -> Int32 {
    // Remove a test folder and its contents (depth two is all tests create).
    guard let directory = opendir(path) else { return -1 }
    while let entry = readdir(directory) {
        let name = withUnsafePointer(to: entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
        if name == "." || name == ".." { continue }
        let child = path + "/" + name
        if unlink(child) != 0 { system_remove(child) }
    }
    closedir(directory)
    return rmdir(path)
}
