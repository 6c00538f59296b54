import ArgumentParser
import OnAirEngine
import OnAirLua

extension OnAirCommand {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check a script's syntax and the binding names it uses, without running it.",
            discussion: """
                Reports a syntax error as `file:line: message`, and every `module.name` read from a \
                binding or library table that has no such member, with the closest real name. A name \
                the file declares as a local (or parameter) anywhere is not checked. Exit codes: 0 \
                nothing found, 1 problems found, 2 usage error.
                """
        )

        @Argument(help: "The Lua script or playbook file.") var files: [String]

        func run() async throws {
            var problems = 0
            for file in files {
                guard let source = LuaFiles.read(file) else {
                    Terminal.writeError("onair check: cannot read '\(file)'\n")
                    throw ExitCode(ExitStatus.usage)
                }
                let found = await ScriptCheck.check(LuaScript(name: file, source: source, directory: Paths.directory(of: file)))
                for problem in found { Terminal.writeError(problem.description + "\n") }
                problems += found.count
                if found.isEmpty { print("\(file): ok") }
            }
            if problems > 0 { throw ExitCode(ExitStatus.failure) }
        }
    }
}
