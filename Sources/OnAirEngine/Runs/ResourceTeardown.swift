import Foundation
import OnAirLua
import OnAirProviders
import OnAirStore

/// The default teardown of each kind of resource: what undoes it at the provider.
///
/// It is plain Swift over the clients, so it works the same at the end of a run, for a stop
/// obligation that fell due, and when a later engine recovers a crashed run (no script needed).
/// A resource the provider no longer knows (404) counts as torn down.
extension ProviderDirectory {
    public func tearDown(_ resource: StoredResource) async throws {
        guard let provider = ProviderName(rawValue: resource.provider) else {
            throw TeardownError(message: "unknown provider '\(resource.provider)' in the ledger")
        }
        // Parents that do not decode leave a child without its parent's id: the provider refuses
        // the call, and that is recorded as a failed teardown and retried, visible in `onair status`.
        let parents = (try? JSONDecoder().decode([String].self, from: Data(resource.parentIDs.utf8))) ?? []
        let id = resource.providerID
        do {
                switch (provider, resource.kind) {
            case (.signalwire, "room"): try await signalwire("teardown").deleteRoom(id)
            case (.signalwire, "conference"): try await signalwire("teardown").deleteConference(id)
            case (.signalwire, "stream"): try await signalwire("teardown").deleteStream(id)
            // 100ms rooms cannot be deleted: disabling one ends its use.
            case (.hms, "room"): _ = try await hms("teardown").disableRoom(id)
            case (.hms, "stream"): _ = try await hms("teardown").stopExternalStream(id)
            case (.cloudflare, "live_input"): try await cloudflare("teardown").deleteLiveInput(id)
            case (.cloudflare, "output"):
                guard let input = parents.first else { throw TeardownError(message: "output \(id) has no live input in the ledger") }
                try await cloudflare("teardown").deleteOutput(liveInputUID: input, outputUID: id)
            case (.gjirafa, "live_video"): _ = try await gjirafa("teardown").stopAndCut(id)
            case (.gjirafa, "restream"):
                guard let video = parents.first else { throw TeardownError(message: "restream \(id) has no video in the ledger") }
                try await gjirafa("teardown").deleteRestream(id, videoID: video)
            default:
                throw TeardownError(message: "no teardown for a \(provider) \(resource.kind)")
            }
        } catch let error as ProviderError where error.kind == .notFound {
            return
        }
    }

    /// What the default teardown of a resource calls, for `onair plan`.
    public static func teardownOperation(provider: String, kind: String) -> String {
        switch (provider, kind) {
        case ("100ms", "room"): "room.disable"
        case ("100ms", "stream"), ("signalwire", "stream"): "stream.remove"
        case ("cloudflare", "output"): "live_input.remove_output"
        case ("gjirafa", "live_video"): "live_video.stop_and_cut"
        default: "\(kind).delete"
        }
    }
}

public struct TeardownError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
