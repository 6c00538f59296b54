import Foundation
import Hummingbird

/// Builds JSON responses the way the providers send them: `Content-Type: application/json` on
/// every body, URLs without escaped slashes, keys in a stable order so output can be compared.
enum JSONResponse {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func make(
        status: HTTPResponse.Status,
        _ value: some Encodable,
        headers: HTTPFields = [:]
    ) -> Response {
        let data: Data
        do {
            data = try encoder().encode(value)
        } catch {
            // The wire types are plain structs of strings, numbers and arrays; encoding cannot fail.
            preconditionFailure("response encoding failed: \(error)")
        }
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A response with no body and no content type, as SignalWire answers a delete.
    static func empty(status: HTTPResponse.Status) -> Response {
        Response(status: status)
    }
}

/// Encodes `nil` as an explicit JSON `null` instead of leaving the key out.
///
/// Synthesised `Encodable` conformances skip nil optionals; providers whose schemas list a key as
/// required-but-nullable (SignalWire's `Stream.width`, Gjirafa's `resultInfo`) send the key with
/// `null`, and clients may depend on the key being there.
@propertyWrapper
struct NullEncoded<Value: Encodable & Sendable>: Encodable, Sendable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue {
            try container.encode(wrappedValue)
        } else {
            try container.encodeNil()
        }
    }
}

extension NullEncoded: Equatable where Value: Equatable {}
