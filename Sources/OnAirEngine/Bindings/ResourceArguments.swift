import OnAirLua
import OnAirProviders
import Synchronization

/// What a binding acts on: a resource object (a table with `provider`, `kind` and its id), or a
/// bare id together with `{provider = ...}`.
struct ResourceTarget {
    var provider: ProviderName
    var id: String
    var kind: String?
    var fields: LuaTable
}

extension LuaCall {
    /// The provider a call is for: `provider` in the given table (removed from it, so it is not
    /// sent), else the profile's default for the resource, else the only provider that has it.
    func provider(
        from table: inout LuaTable, position: Int, allowed: [ProviderName], default fallback: ProviderName?
    ) throws -> ProviderName {
        let given = table["provider"]
        table["provider"] = nil
        table["kind"] = nil
        return try resolveProvider(given, position: position, allowed: allowed, default: fallback)
    }

    func resolveProvider(_ given: LuaValue?, position: Int, allowed: [ProviderName], default fallback: ProviderName?) throws -> ProviderName {
        let names = allowed.map(\.rawValue).joined(separator: " or ")
        switch given {
        case .string(let text)?:
            guard let provider = ProviderName(rawValue: text.description), allowed.contains(provider) else {
                throw error(position, "`provider` must be \(names), got \"\(text)\"")
            }
            return provider
        case nil, .nil?:
            if let fallback, allowed.contains(fallback) { return fallback }
            if allowed.count == 1 { return allowed[0] }
            throw error(position, "`provider` is required (\(names))")
        case let other?:
            throw error(position, "`provider` must be \(names), got a \(other.typeName)")
        }
    }

    /// Argument `position` as a resource: an object from an earlier call, or an id string with
    /// `{provider = ...}` in the table at `optionsPosition`.
    func target(
        _ position: Int, allowed: [ProviderName], default fallback: ProviderName?, optionsPosition: Int? = nil,
        expected: String
    ) throws -> ResourceTarget {
        let value = try self.value(position)
        switch value {
        case .table(let table):
            let provider = try resolveProvider(table["provider"], position: position, allowed: allowed, default: fallback)
            guard let id = ResourceTarget.id(of: table, provider: provider) else {
                throw error(position, "expected \(expected) (a table with `\(ResourceTarget.idField(provider))`), got a table without one")
            }
            return ResourceTarget(provider: provider, id: id, kind: table["kind"]?.stringValue, fields: table)
        case .string(let text):
            var options = LuaTable()
            if let optionsPosition, case .table(let table) = try self.value(optionsPosition) { options = table }
            let provider = try resolveProvider(options["provider"], position: optionsPosition ?? position, allowed: allowed, default: fallback)
            return ResourceTarget(provider: provider, id: text.description, kind: nil, fields: options)
        case .integer(let number):
            var options = LuaTable()
            if let optionsPosition, case .table(let table) = try self.value(optionsPosition) { options = table }
            let provider = try resolveProvider(options["provider"], position: optionsPosition ?? position, allowed: allowed, default: fallback)
            return ResourceTarget(provider: provider, id: String(number), kind: nil, fields: options)
        default:
            throw error(position, "expected \(expected) or its id, got \(describeArgument(position))")
        }
    }

    /// A table argument as a request body, or an empty object when absent.
    func body(_ position: Int, binding: String) throws -> (LuaTable, JSONValue) {
        var table = try optionalTable(position) ?? LuaTable()
        table["provider"] = nil
        table["kind"] = nil
        return (table, try ValueBridge.json(.table(table), path: "\(binding): argument #\(position)"))
    }

    /// A table of query parameters as strings.
    func query(_ table: LuaTable) -> [String: String] {
        var query: [String: String] = [:]
        for (key, value) in table.record where key != "provider" {
            switch value {
            case .string(let s): query[key] = s.description
            case .integer, .number, .boolean: query[key] = value.description
            default: continue
            }
        }
        return query
    }
}

extension ResourceTarget {
    /// Cloudflare names ids `uid`; Gjirafa's live videos are addressed by `publicId`.
    static func idField(_ provider: ProviderName, kind: String? = nil) -> String {
        switch provider {
        case .cloudflare: "uid"
        case .gjirafa where kind != "restream": "publicId"
        default: "id"
        }
    }

    static func id(of table: LuaTable, provider: ProviderName) -> String? {
        switch table[idField(provider, kind: table["kind"]?.stringValue)] ?? table["id"] {
        case .string(let s)?: return s.description
        case .integer(let i)?: return String(i)
        default: return nil
        }
    }
}

/// `each`: a lazy iterator over every page, written in Lua over two bindings of the module:
/// `__cursor(query)` starts the listing and `__next(cursor)` fetches the next page (nil at the end).
let eachIteratorSource = """
    local module = ...
    local cursor_of, next_page = module.__cursor, module.__next
    function module.each(query)
      local cursor = cursor_of(query)
      local page, index = {}, 0
      return function()
        index = index + 1
        while page ~= nil and index > #page do
          page = next_page(cursor)
          index = 1
        end
        if page == nil then return nil end
        return page[index]
      end
    end
    """

/// The pages of a listing, fetched one at a time as a script iterates.
///
/// One `each` iterator can be shared: a script may hand it to several `onair.spawn` tasks. Its
/// stream iterator must not be pulled by two tasks at once (that is undefined for an
/// `AsyncThrowingStream` and an exclusivity violation on `iterator`), so a pull first claims the
/// cursor: a second task that asks while a page is on its way gets a `usage` error naming the
/// iterator, instead of the process trapping. The claim is the only way to `iterator`, which is
/// why the class may be `@unchecked Sendable`.
final class PageCursor: @unchecked Sendable {
    private var iterator: AsyncThrowingStream<[JSONValue], any Error>.AsyncIterator
    private let pulling = Mutex(false)
    let provider: ProviderName
    let kind: String
    let binding: String

    init(_ pages: AsyncThrowingStream<[JSONValue], any Error>, provider: ProviderName, kind: String, binding: String) {
        iterator = pages.makeAsyncIterator()
        self.provider = provider
        self.kind = kind
        self.binding = binding
    }

    /// The next page, nil at the end; throws `usage` while another task is pulling a page.
    func next() async throws -> [JSONValue]? {
        let claimed = pulling.withLock { busy in
            if busy { return false }
            busy = true
            return true
        }
        guard claimed else {
            throw LuaError(
                .usage,
                "\(binding): this iterator is fetching a page for another task; give each task its own iterator (call \(binding) in the task)",
                binding: binding)
        }
        defer { pulling.withLock { $0 = false } }
        return try await iterator.next()
    }
}

/// The two bindings behind `each` for a module whose listing `pages` produces.
func eachBindings(
    _ module: String, directory: ProviderDirectory, allowed: [ProviderName], default fallback: @escaping @Sendable () -> ProviderName?,
    pages: @escaping @Sendable (ProviderName, [String: String], String) throws -> AsyncThrowingStream<[JSONValue], any Error>,
    kind: String
) -> [LuaFunction] {
    [
        LuaFunction("__cursor") { call in
            var table = try call.optionalTable(1) ?? LuaTable()
            let provider = try call.provider(from: &table, position: 1, allowed: allowed, default: fallback())
            let cursor = PageCursor(
                try pages(provider, call.query(table), module + ".each"), provider: provider, kind: kind,
                binding: module + ".each")
            call.push(object: cursor)
            return .one
        },
        LuaFunction("__next") { call in
            let cursor = try call.object(1, as: PageCursor.self)
            return directory.call(module + ".each") {
                guard let page = try await cursor.next() else { return .nil }
                return ValueBridge.resources(page, provider: cursor.provider, kind: cursor.kind)
            }
        },
    ]
}
