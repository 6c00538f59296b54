/// One page of a list and where the next one starts.
struct Page<Cursor: Sendable>: Sendable {
    var items: [JSONValue]
    /// nil on the last page.
    var next: Cursor?
}

/// Turns a "fetch the page at this cursor" function into a lazy stream of pages.
///
/// A page is fetched only when the consumer asks for it, so a script that stops after the first
/// match does not read the whole list. A cursor seen before ends the stream instead of looping
/// forever on a provider that repeats itself (SignalWire's SDK guards against the same).
enum PageSequence {
    static func stream<Cursor: Sendable & Hashable>(
        first: Cursor,
        fetch: @escaping @Sendable (Cursor) async throws -> Page<Cursor>
    ) -> AsyncThrowingStream<[JSONValue], any Error> {
        let walker = PageWalker(first: first, fetch: fetch)
        return AsyncThrowingStream(unfolding: { try await walker.next() })
    }

    /// Every item of every page.
    static func collect<Cursor: Sendable & Hashable>(
        first: Cursor,
        fetch: @escaping @Sendable (Cursor) async throws -> Page<Cursor>
    ) async throws -> [JSONValue] {
        var items: [JSONValue] = []
        for try await page in stream(first: first, fetch: fetch) {
            items.append(contentsOf: page)
        }
        return items
    }
}

/// The state of one walk through a list: the cursor to fetch next and the cursors already used.
private actor PageWalker<Cursor: Sendable & Hashable> {
    private var cursor: Cursor?
    private var seen: Set<Cursor> = []
    private let fetch: @Sendable (Cursor) async throws -> Page<Cursor>

    init(first: Cursor, fetch: @escaping @Sendable (Cursor) async throws -> Page<Cursor>) {
        self.cursor = first
        self.fetch = fetch
    }

    func next() async throws -> [JSONValue]? {
        guard let current = cursor else { return nil }
        seen.insert(current)
        // Cleared before the fetch so that a failed page ends the walk rather than repeating.
        cursor = nil
        let page = try await fetch(current)
        if let next = page.next, !seen.contains(next) {
            cursor = next
        }
        return page.items
    }
}
