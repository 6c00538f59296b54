import Foundation

/// A resource a provider has just created for a run, as the engine records it in the ledger.
public struct NewResource: Sendable, Hashable {
    public var runID: String
    public var stepKey: String?
    public var provider: String
    public var kind: String
    public var providerID: String
    public var parentIDs: String
    public var details: String?
    public var keep: Bool
    public var createdAt: Date
    /// For an output (anything that streams and must be stopped): when it must be stopped at the
    /// latest, `end + grace`. The store records a stop obligation with it in the same transaction.
    /// Nil for resources that are only torn down with their run.
    public var stopDueAt: Date?

    public init(
        runID: String,
        stepKey: String? = nil,
        provider: String,
        kind: String,
        providerID: String,
        parentIDs: String = "[]",
        details: String? = nil,
        keep: Bool = false,
        createdAt: Date,
        stopDueAt: Date? = nil
    ) {
        self.runID = runID
        self.stepKey = stepKey
        self.provider = provider
        self.kind = kind
        self.providerID = providerID
        self.parentIDs = parentIDs
        self.details = details
        self.keep = keep
        self.createdAt = createdAt
        self.stopDueAt = stopDueAt
    }
}
