import Foundation

/// Everything Gjirafa VP holds for the emulated project: live videos and their restreams.
struct GjirafaState: Sendable {
    private(set) var liveVideos = OrderedTable<GjirafaLiveVideo>()
    private(set) var restreams = OrderedTable<GjirafaRestream>()
    private var nextVideoNumber = 1
    private var nextRestreamID = 1

    struct NewLiveVideo: Sendable {
        var title: String
        var description: String
        var channelID: String
        var publishDate: Date?
    }

    mutating func createLiveVideo(_ new: NewLiveVideo, context: inout StoreContext) -> GjirafaLiveVideo {
        var publicId = context.ids.letters(8)
        while liveVideos[publicId] != nil { publicId = context.ids.letters(8) }
        let now = Timestamp.milliseconds(context.now)
        let video = GjirafaLiveVideo(
            publicId: publicId, id: nextVideoNumber, title: new.title, description: new.description,
            channelPublicId: new.channelID, author: "api", publishDate: new.publishDate.map(Timestamp.milliseconds) ?? now,
            insertedDate: now, projectID: context.configuration.credentials.gjirafa.projectID, liveStatus: nil,
            startDateUTC: nil, endDateUTC: nil
        )
        nextVideoNumber += 1
        liveVideos[publicId] = video
        return video
    }

    func liveVideo(_ publicId: String) throws(GjirafaError) -> GjirafaLiveVideo {
        guard let video = liveVideos[publicId] else { throw .liveVideoNotFound }
        return video
    }

    /// What an encoder connecting or disconnecting does; driven through the control API.
    mutating func setLive(_ publicId: String, live: Bool, now: Date) throws(GjirafaError) -> GjirafaLiveVideo {
        guard var video = liveVideos[publicId] else { throw .liveVideoNotFound }
        video.liveStatus = live ? "Live" : "Offline"
        if live {
            video.startDateUTC = Timestamp.milliseconds(now)
            video.endDateUTC = nil
        } else {
            video.endDateUTC = Timestamp.milliseconds(now)
        }
        liveVideos[publicId] = video
        return video
    }

    /// Ends the broadcast and keeps the cut as a new on-demand video, whose public id is returned.
    mutating func stopAndCut(_ publicId: String, context: inout StoreContext) throws(GjirafaError) -> String {
        _ = try setLive(publicId, live: false, now: context.now)
        return context.ids.letters(8)
    }

    mutating func createRestream(_ restream: GjirafaRestream) throws(GjirafaError) -> GjirafaRestream {
        guard liveVideos[restream.videoId] != nil else { throw .liveVideoNotFound }
        var stored = restream
        stored.id = nextRestreamID
        nextRestreamID += 1
        restreams[String(stored.id)] = stored
        return stored
    }

    func restreams(ofVideo publicId: String) throws(GjirafaError) -> [GjirafaRestream] {
        guard liveVideos[publicId] != nil else { throw .liveVideoNotFound }
        return restreams.all.filter { $0.videoId == publicId }
    }

    mutating func toggleRestream(id: String) throws(GjirafaError) -> GjirafaRestream {
        guard var restream = restreams[id] else { throw .restreamNotFound }
        restream.status.toggle()
        restreams[id] = restream
        return restream
    }

    mutating func deleteRestream(id: String) throws(GjirafaError) {
        guard restreams[id] != nil else { throw .restreamNotFound }
        restreams[id] = nil
    }

    // MARK: Inspection

    struct Snapshot: Encodable, Sendable {
        var liveVideos: [GjirafaLiveVideo.Details]
        var restreams: [GjirafaRestream]

        enum CodingKeys: String, CodingKey {
            case liveVideos = "live_videos"
            case restreams
        }
    }

    var snapshot: Snapshot {
        Snapshot(liveVideos: liveVideos.all.map(\.details), restreams: restreams.all)
    }
}
