/// Records kept by id in the order they were created, because every provider lists resources in a
/// stable order and pagination depends on it.
struct OrderedTable<Record: Sendable>: Sendable {
    private(set) var order: [String] = []
    private var records: [String: Record] = [:]

    subscript(id: String) -> Record? {
        get { records[id] }
        set {
            if let newValue {
                if records.updateValue(newValue, forKey: id) == nil { order.append(id) }
            } else if records.removeValue(forKey: id) != nil {
                order.removeAll { $0 == id }
            }
        }
    }

    /// Records oldest first.
    var all: [Record] { order.compactMap { records[$0] } }

    var count: Int { records.count }

    func first(where predicate: (Record) -> Bool) -> Record? {
        all.first(where: predicate)
    }

    mutating func removeAll(where predicate: (Record) -> Bool) {
        for id in order where predicate(records[id]!) {
            self[id] = nil
        }
    }
}
