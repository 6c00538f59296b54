import Foundation
import Hummingbird

/// `/v2/external-streams`: start and stop RTMP output of a room, stop one stream, get, list.
struct HMSExternalStreamsController {
    let state: EmulatorState

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.get(use: list)
        group.post("room/:room_id/start", use: start)
        group.post("room/:room_id/stop", use: stopRoom)
        group.post(":stream_id/stop", use: stop)
        group.get(":stream_id", use: get)
    }

    @Sendable func start(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let roomID = try context.parameters.require("room_id")
        let fields = try await request.hmsFields(limit: state.configuration.limits.maxBodyBytes)
        let start = try parseStart(fields)
        let stream = try await state.store.access { states, context in
            try states.hms.startStream(roomID: roomID, start, context: &context)
        }
        return JSONResponse.make(status: .ok, stream)
    }

    /// `rtmp_urls` is required: 1 to the configured maximum of `rtmp://` or `rtmps://` URLs.
    /// `resolution` must lie between 500×480 and 1920×1080 (landscape) or 500×500 and
    /// 1080×1920 (portrait).
    private func parseStart(_ fields: JSONFields) throws(HMSError) -> HMSState.StartRequest {
        let maximum = state.configuration.limits.hmsRTMPURLsPerStream
        let request: HMSState.StartRequest
        do throws(FieldProblem) {
            guard let urls = try fields.stringArray("rtmp_urls"), !urls.isEmpty else { throw .missing("rtmp_urls") }
            guard urls.count <= maximum else { throw .invalid("rtmp_urls", "may hold at most \(maximum) URLs") }
            for url in urls {
                let scheme = URLComponents(string: url)?.scheme?.lowercased()
                guard scheme == "rtmp" || scheme == "rtmps", URLComponents(string: url)?.host?.isEmpty == false else {
                    throw .invalid("rtmp_urls", "must be rtmp:// or rtmps:// URLs")
                }
            }
            var resolution = HMSExternalStream.Resolution(width: 1280, height: 720)
            if let object = try fields.object("resolution") {
                let nested = JSONFields(object)
                guard let width = try nested.int("width"), let height = try nested.int("height") else {
                    throw .invalid("resolution", "needs width and height")
                }
                let landscape = width >= height
                let fits = landscape
                    ? (500...1920).contains(width) && (480...1080).contains(height)
                    : (500...1080).contains(width) && (500...1920).contains(height)
                guard fits else { throw .invalid("resolution", "is outside the supported range") }
                resolution = .init(width: width, height: height)
            }
            request = HMSState.StartRequest(
                rtmpURLs: urls,
                meetingURL: try fields.string("meeting_url"),
                recording: try fields.bool("recording") ?? false,
                resolution: resolution,
                destination: try fields.string("destination")
            )
        } catch {
            throw .invalidBody(error)
        }
        return request
    }

    @Sendable func stopRoom(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let roomID = try context.parameters.require("room_id")
        let stopped = try await state.store.access { states, context in try states.hms.stopStreams(roomID: roomID, context: &context) }
        return JSONResponse.make(status: .ok, HMSList(limit: max(stopped.count, 10), data: stopped, last: stopped.last?.id))
    }

    @Sendable func stop(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("stream_id")
        let stream = try await state.store.access { states, context in try states.hms.stopStream(id: id, context: &context) }
        return JSONResponse.make(status: .ok, stream)
    }

    @Sendable func get(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("stream_id")
        let stream = try await state.store.access { states, context in try states.hms.stream(id: id, context: &context) }
        return JSONResponse.make(status: .ok, stream)
    }

    /// Filters: `room_id`, `session_id`, `status`.
    @Sendable func list(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let pagination = try HMSPagination(request: request)
        let query = request.uri.queryParameters
        let roomID = query.get("room_id")
        let sessionID = query.get("session_id")
        let status = query.get("status")
        let streams = try await state.store.access { states, context in states.hms.allStreams(context: &context) }.filter { stream in
            if let roomID, stream.roomID != roomID { return false }
            if let sessionID, stream.sessionID != sessionID { return false }
            if let status, stream.status != status { return false }
            return true
        }
        return JSONResponse.make(status: .ok, pagination.page(of: streams, id: \.id))
    }
}
