import Hummingbird

/// 100ms's page mechanics: `limit` (10–100, default 10) and `start`, the `last` of the previous
/// page; answers are `{"limit": N, "data": [...], "last": "<id of the last item>"}`.
struct HMSPagination: Sendable {
    var limit: Int
    var start: String?

    init(request: Request) throws(HMSError) {
        let query = request.uri.queryParameters
        limit = 10
        if let text = query.get("limit") {
            guard let value = Int(text), (10...100).contains(value) else {
                throw .badRequest("Invalid query param: limit", details: ["limit must be between 10 and 100"])
            }
            limit = value
        }
        start = query.get("start").flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The page after `start` (exclusive); an unknown `start` yields an empty page.
    func page<Item: Encodable & Sendable>(of items: [Item], id: (Item) -> String) -> HMSList<Item> {
        var remaining = items[...]
        if let start {
            guard let index = items.firstIndex(where: { id($0) == start }) else {
                return HMSList(limit: limit, data: [], last: nil)
            }
            remaining = items[(index + 1)...]
        }
        let data = Array(remaining.prefix(limit))
        return HMSList(limit: limit, data: data, last: data.last.map(id))
    }
}

/// A list answer; `last` is left out when the page is empty.
struct HMSList<Item: Encodable & Sendable>: Encodable, Sendable {
    var limit: Int
    var data: [Item]
    var last: String?
}
