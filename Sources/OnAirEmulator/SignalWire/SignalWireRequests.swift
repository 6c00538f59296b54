import Hummingbird

extension Request {
    /// The JSON body as SignalWire reads it: malformed JSON is the plain 400.
    func signalWireFields(limit: Int) async throws(SignalWireError) -> JSONFields {
        do throws(BodyProblem) {
            return JSONFields(try await jsonObject(limit: limit))
        } catch {
            throw error.signalWire
        }
    }
}
