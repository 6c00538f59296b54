import Foundation
import Hummingbird

/// The emulator's own API under `/_emulator`, for tests and for people driving it by hand.
///
/// | route | effect |
/// |---|---|
/// | `GET /_emulator/faults` | the active ``FaultPlan`` with the counts left |
/// | `POST /_emulator/faults` | replace the plan with the body (a ``FaultPlan`` as JSON) |
/// | `DELETE /_emulator/faults` | no faults |
/// | `POST /_emulator/reset` | forget every resource, the journal, the clock offset and the faults |
/// | `GET /_emulator/state` | every resource in its provider's wire form, and the recent requests |
/// | `POST /_emulator/clock` | `{"advance_seconds": N}` moves the emulator's time forward |
/// | `POST /_emulator/cloudflare/live_inputs/{uid}/status` | `{"status": "connected"}` (or `null`): what an encoder connecting does |
/// | `POST /_emulator/gjirafa/live-videos/{publicId}/live` | `{"live": true}`: the video goes `Live`; `false` makes it `Offline` |
///
/// These routes need no credentials and are never subject to faults.
struct ControlController {
    let state: EmulatorState

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.get("faults", use: faults)
        group.post("faults", use: replaceFaults)
        group.delete("faults", use: clearFaults)
        group.post("reset", use: reset)
        group.get("state", use: snapshot)
        group.post("clock", use: advanceClock)
        group.post("cloudflare/live_inputs/:uid/status", use: setCloudflareStatus)
        group.post("gjirafa/live-videos/:id/live", use: setGjirafaLive)
    }

    @Sendable func faults(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        JSONResponse.make(status: .ok, await state.faults.plan)
    }

    @Sendable func replaceFaults(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: state.configuration.limits.maxBodyBytes)
        let plan: FaultPlan
        do {
            plan = try JSONDecoder().decode(FaultPlan.self, from: Data(body.readableBytesView))
        } catch {
            return JSONResponse.make(status: .badRequest, ControlError(error: "invalid fault plan: \(error)"))
        }
        await state.faults.replace(with: plan)
        return JSONResponse.make(status: .ok, plan)
    }

    @Sendable func clearFaults(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        await state.faults.replace(with: .none)
        return JSONResponse.make(status: .ok, FaultPlan.none)
    }

    @Sendable func reset(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        await state.store.reset()
        await state.faults.replace(with: .none)
        return JSONResponse.empty(status: .noContent)
    }

    @Sendable func snapshot(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        JSONResponse.make(status: .ok, await state.store.snapshot())
    }

    private struct ClockAdvance: Decodable {
        var advanceSeconds: Double
        enum CodingKeys: String, CodingKey { case advanceSeconds = "advance_seconds" }
    }

    private struct ClockReading: Encodable {
        var now: String
    }

    @Sendable func advanceClock(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: state.configuration.limits.maxBodyBytes)
        guard let advance = try? JSONDecoder().decode(ClockAdvance.self, from: Data(body.readableBytesView)),
            advance.advanceSeconds >= 0
        else {
            return JSONResponse.make(status: .badRequest, ControlError(error: "expected {\"advance_seconds\": N} with N >= 0"))
        }
        let now = await state.store.advanceClock(bySeconds: advance.advanceSeconds)
        return JSONResponse.make(status: .ok, ClockReading(now: Timestamp.milliseconds(now)))
    }
}

extension ControlController {
    private func body(_ request: Request) async throws -> JSONFields? {
        guard let members = try? await request.jsonObject(limit: state.configuration.limits.maxBodyBytes) else { return nil }
        return JSONFields(members)
    }

    @Sendable func setCloudflareStatus(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let uid = try context.parameters.require("uid")
        let invalid = JSONResponse.make(
            status: .badRequest, ControlError(error: "expected {\"status\": <a Cloudflare connection status or null>}")
        )
        guard let value = try await body(request)?.value("status") else { return invalid }
        let status: String?
        switch value {
        case .null: status = nil
        case .string(let text) where CloudflareState.connectionStatuses.contains(text): status = text
        default: return invalid
        }
        do {
            let input = try await state.store.access { states, context in try states.cloudflare.setStatus(uid: uid, status, now: context.now) }
            return JSONResponse.make(status: .ok, input)
        } catch {
            return JSONResponse.make(status: .notFound, ControlError(error: "no live input \(uid)"))
        }
    }

    @Sendable func setGjirafaLive(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let fields = try await body(request), let live = try? fields.bool("live") else {
            return JSONResponse.make(status: .badRequest, ControlError(error: "expected {\"live\": true|false}"))
        }
        do {
            let video = try await state.store.access { states, context in try states.gjirafa.setLive(id, live: live, now: context.now) }
            return JSONResponse.make(status: .ok, video.details)
        } catch {
            return JSONResponse.make(status: .notFound, ControlError(error: "no live video \(id)"))
        }
    }
}

/// Error body of the control API, which is the emulator's own and copies no provider.
struct ControlError: Encodable {
    var error: String
}
