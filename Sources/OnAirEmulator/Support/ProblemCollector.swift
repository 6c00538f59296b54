/// Gathers every problem in a request body before answering, so a client learns about all of its
/// mistakes at once, as SignalWire's `errors[]` and Gjirafa's `errors` lists allow.
struct ProblemCollector: Sendable {
    private(set) var problems: [FieldProblem] = []

    var isEmpty: Bool { problems.isEmpty }

    /// Runs one field check, returning its value, or nil after recording its problem.
    mutating func check<Value>(_ read: () throws(FieldProblem) -> Value) -> Value? {
        do {
            return try read()
        } catch {
            problems.append(error)
            return nil
        }
    }

    mutating func add(_ problem: FieldProblem) {
        problems.append(problem)
    }
}
