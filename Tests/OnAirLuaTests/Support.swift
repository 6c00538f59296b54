@testable import OnAirLua
import Testing

/// Runs a script on a host configured for tests: output captured, logs captured.
final class Captured: @unchecked Sendable {
    private let lock = NSLockLike()
    private var _output: [UInt8] = []
    private var _logs: [LuaLogRecord] = []
    var output: String { lock.with { String(decoding: _output, as: UTF8.self) } }
    var logs: [LuaLogRecord] { lock.with { _logs } }
    func append(_ bytes: [UInt8]) { lock.with { _output += bytes } }
    func append(_ record: LuaLogRecord) { lock.with { _logs.append(record) } }
}

import Synchronization
final class NSLockLike: Sendable {
    private let mutex = Mutex(())
    func with<T>(_ body: () throws -> T) rethrows -> T { try mutex.withLock { _ in try body() } }
}

func makeHost(limits: LuaLimits = LuaLimits(), modules: [LuaModule] = [], captured: Captured = Captured(),
              unresponsive: @escaping @Sendable (LuaError) -> Void = { _ in }) -> LuaHost {
    LuaHost(configuration: LuaHostConfiguration(
        limits: limits, modules: modules,
        output: { captured.append($0) }, log: { captured.append($0) }, unresponsive: unresponsive))
}

func run(_ source: String, limits: LuaLimits = LuaLimits(), modules: [LuaModule] = [], captured: Captured = Captured(),
         arguments: LuaValue = .nil, directory: String? = nil, name: String = "test.lua") async -> LuaRunResult {
    await makeHost(limits: limits, modules: modules, captured: captured).run(
        LuaScript(name: name, source: source, directory: directory), arguments: arguments)
}
