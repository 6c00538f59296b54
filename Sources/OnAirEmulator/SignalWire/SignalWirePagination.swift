import Foundation
import Hummingbird

/// SignalWire's page mechanics: `page_number` (from 0), `page_size` (1–1000, default 50) and a
/// `page_token` that must accompany every page after the first; answers carry absolute
/// `links.self`, `links.first` and, while more data follows, `links.next` (and `links.prev`).
struct SignalWirePagination: Sendable {
    var number: Int
    var size: Int

    /// Reads and checks the page parameters of a list request.
    init(request: Request) throws(SignalWireError) {
        let query = request.uri.queryParameters
        var problems: [FieldProblem] = []
        number = 0
        size = 50
        if let text = query.get("page_number") {
            if let value = Int(text), value >= 0 { number = value } else { problems.append(.invalid("page_number", "must be an integer of at least 0")) }
        }
        if let text = query.get("page_size") {
            if let value = Int(text), (1...1000).contains(value) { size = value } else { problems.append(.invalid("page_size", "must be between 1 and 1000")) }
        }
        guard problems.isEmpty else { throw .validation(problems) }
        if number > 0 {
            guard let token = query.get("page_token") else {
                throw .validation(.missing("page_token"))
            }
            guard token == Self.token(path: request.uri.path, page: number) else {
                throw .validation([SignalWireError.Item(code: "page_token_is_invalid", message: "Page token is invalid", attribute: "page_token")])
            }
        }
    }

    /// Tokens are derived from the path and page so that they survive a restart of the emulator
    /// and are refused for another list.
    static func token(path: String, page: Int) -> String {
        "PA" + SHA256.hash(Array("\(path)#\(page)".utf8)).prefix(16).hexString
    }

    /// Query values are written back percent-encoded, so a `+` in an offset survives the trip.
    private static func escape(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "+&=")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// One page of `items` with its links.
    func page<Item: Encodable & Sendable>(of items: [Item], request: Request) -> SignalWireList<Item> {
        let start = min(number * size, items.count)
        let end = min(start + size, items.count)
        let path = request.uri.path
        let authority = request.head.authority ?? "localhost"
        // Filters stay on every link; only the page parameters change.
        let filters = request.uri.queryParameters
            .filter { !["page_number", "page_size", "page_token"].contains(String($0.key)) }
            .map { "\(Self.escape(String($0.key)))=\(Self.escape(String($0.value)))" }
            .sorted()
        func link(_ page: Int) -> String {
            var parameters = ["page_number=\(page)", "page_size=\(size)"]
            if page > 0 { parameters.append("page_token=\(Self.token(path: path, page: page))") }
            return "http://\(authority)\(path)?" + (parameters + filters).joined(separator: "&")
        }
        return SignalWireList(
            links: .init(
                self: link(number),
                first: link(0),
                next: end < items.count ? link(number + 1) : nil,
                prev: number > 0 ? link(number - 1) : nil
            ),
            data: Array(items[start..<end])
        )
    }
}

/// A list answer: `{"links": {...}, "data": [...]}`.
struct SignalWireList<Item: Encodable & Sendable>: Encodable, Sendable {
    struct Links: Encodable, Sendable {
        var `self`: String
        var first: String
        var next: String?
        var prev: String?
    }

    var links: Links
    var data: [Item]
}
