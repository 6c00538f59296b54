import Foundation

/// What a state change may need besides the state itself: the emulator's current time, the id
/// generator and the configuration (limits, timing).
struct StoreContext: Sendable {
    let now: Date
    var ids: IdentifierGenerator
    let configuration: EmulatorConfiguration
}
