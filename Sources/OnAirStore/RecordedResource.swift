/// A ledger entry together with its stop obligation, as `recordResource` returns them.
public struct RecordedResource: Sendable, Hashable {
    public var resource: StoredResource
    /// Present when the resource was recorded as an output.
    public var stopObligation: StoredStopObligation?
    /// False when the same live provider object was already in the ledger and that entry is returned.
    public var isNew: Bool

    public init(resource: StoredResource, stopObligation: StoredStopObligation?, isNew: Bool) {
        self.resource = resource
        self.stopObligation = stopObligation
        self.isNew = isNew
    }
}
