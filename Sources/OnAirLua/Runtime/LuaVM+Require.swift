internal import CLua
#if canImport(Glibc)
import Glibc
#endif

/// A module's text as `require` loads it.
struct LuaModuleText {
    /// The chunk name (a path as the user would write it, for messages).
    let name: String
    let source: [UInt8]
}

extension LuaVM {
    /// Finds a module for `require`: the host's modules first, then `NAME.lua` (dots become
    /// folders) in the script's folder. Names are plain identifiers separated by dots, so no path
    /// can climb out of the folder or start at the root; a file that resolves (through links)
    /// outside the folder is refused too.
    func moduleSource(named name: String) -> Result<LuaModuleText, LuaError> {
        if let source = configuration.requirableModules[name] {
            return .success(LuaModuleText(name: "[onair " + name + "]", source: Array(source.utf8)))
        }
        let components = name.split(separator: ".", omittingEmptySubsequences: false)
        let valid = !components.isEmpty && components.allSatisfy { component in
            !component.isEmpty && component.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
                && component.first != "-"
        }
        guard valid else {
            return .failure(LuaError(
                .usage,
                "require: invalid module name '\(name)' (use names like 'helpers' or 'lib.helpers': no paths, no '..')"))
        }
        guard let directory = scriptDirectory else {
            return .failure(LuaError(.usage, "require: module '\(name)' not found (no script folder to look in)"))
        }
        let relative = components.joined(separator: "/") + ".lua"
        let path = directory + "/" + relative
        guard let resolved = realpath(path, nil) else {
            return .failure(LuaError(.usage, "require: module '\(name)' not found (looked for \(scriptDisplayDirectory)\(relative))"))
        }
        let resolvedPath = String(cString: resolved)
        free(resolved)
        guard let root = realpath(directory, nil) else {
            return .failure(LuaError(.usage, "require: module '\(name)' not found"))
        }
        let rootPath = String(cString: root) + "/"
        free(root)
        guard resolvedPath.hasPrefix(rootPath) else {
            return .failure(LuaError(.usage, "require: module '\(name)' resolves outside the script's folder"))
        }
        guard let bytes = LuaFiles.read(resolvedPath) else {
            return .failure(LuaError(.usage, "require: cannot read \(scriptDisplayDirectory)\(relative)"))
        }
        if bytes.first == 0x1B {
            return .failure(LuaError(.usage, "require: \(scriptDisplayDirectory)\(relative) is a precompiled (binary) chunk; only Lua source text can be loaded"))
        }
        return .success(LuaModuleText(name: scriptDisplayDirectory + relative, source: bytes))
    }
}

/// Reading files without Foundation (the host keeps its start-up light).
public enum LuaFiles {
    public static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
            if count < buffer.count { break }
        }
        return ferror(file) == 0 ? bytes : nil
    }
}
