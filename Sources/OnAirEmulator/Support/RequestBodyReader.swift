import Foundation
import Hummingbird

/// Why a request body could not be read as a JSON object.
enum BodyProblem: Error, Sendable, Equatable {
    case tooLarge
    case malformed
    case notAnObject
}

extension Request {
    /// Reads the body as a JSON object; an empty body reads as an empty object, because several
    /// providers document bodies whose every field is optional and clients then send nothing.
    func jsonObject(limit: Int) async throws(BodyProblem) -> [String: JSONValue] {
        let buffer: ByteBuffer
        do {
            buffer = try await self.body.collect(upTo: limit)
        } catch {
            throw .tooLarge
        }
        let bytes = buffer.readableBytesView
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return [:]
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw .malformed
        }
        guard case .object(let members) = value else { throw .notAnObject }
        return members
    }
}
