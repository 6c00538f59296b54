/// A Gjirafa live video as the emulator stores it; the API shows it in three forms (created,
/// list item, details), each with the fields Gjirafa documents for that call.
struct GjirafaLiveVideo: Sendable, Equatable {
    var publicId: String
    var id: Int
    var title: String
    var description: String
    var channelPublicId: String
    var author: String
    var publishDate: String
    var insertedDate: String
    var projectID: String
    /// Null until the video has gone live or been stopped; then `Live` or `Offline`.
    var liveStatus: String?
    var startDateUTC: String?
    var endDateUTC: String?

    var isLiveStreaming: Bool { liveStatus == "Live" }
    var playbackUrl: String { "https://cdn.vpplayer.tech/\(projectID)/hub/\(publicId)/index.m3u8" }
    var thumbnail: String { "https://cdn.vpplayer.tech/\(projectID)/hub/\(publicId)/thumbnail.jpg" }

    /// The `result` of `POST /live-videos`.
    struct Created: Encodable, Sendable {
        var publicId: String
        var id: Int
        var name: String
        var title: String
        var description: String
        var playbackUrl: String
        var thumbnail: String
        var channelPublicId: String
        var channelName: String
        var channelTitle: String
        @NullEncoded var liveStatus: String?
        var author: String
        var publishDate: String
        @NullEncoded var publishEndDate: String?
        var canCutAndPublish: Bool
        var canStopAndCut: Bool
    }

    /// An item of `GET /live-videos`; the v2 list adds `liveVideoAuthor` and `highlight`.
    struct ListItem: Encodable, Sendable {
        var publicId: String
        var title: String
        var author: String
        var publishDate: String
        @NullEncoded var liveStatus: String?
        var canGoLive: Bool
        var canCutAndPublish: Bool
        var isLiveStreaming: Bool
        var dvrEnabled: Bool
        var canStopAndCut: Bool
        var canStopWithoutSaving: Bool
        var thumbnail: String
        var liveVideoAuthor: String?
        var highlight: Bool?
    }

    /// The `result` of `GET /live-videos/{id}`.
    struct Details: Encodable, Sendable {
        var publicId: String
        var name: String
        var title: String
        var description: String
        var thumbnail: String
        var playbackUrl: String
        var channelPublicId: String
        var channelName: String
        var channelTitle: String
        @NullEncoded var channelLogo: String?
        var type: String
        var latencyType: String
        @NullEncoded var liveStatus: String?
        var canGoLive: Bool
        var isLiveStreaming: Bool
        var canStopAndCut: Bool
        @NullEncoded var startDateUTC: String?
        @NullEncoded var endDateUTC: String?
        var publishDate: String
        @NullEncoded var publishEndDate: String?
        @NullEncoded var geoBlockingRuleId: Int?
        var author: String
        var activeChannelId: String
        var tags: [String]
        var hasGeoRestriction: Bool
        @NullEncoded var geoRestrictionLink: String?
    }

    var created: Created {
        Created(
            publicId: publicId, id: id, name: title, title: title, description: description, playbackUrl: playbackUrl,
            thumbnail: thumbnail, channelPublicId: channelPublicId, channelName: channelPublicId, channelTitle: channelPublicId,
            liveStatus: liveStatus, author: author, publishDate: publishDate, publishEndDate: nil,
            canCutAndPublish: true, canStopAndCut: isLiveStreaming
        )
    }

    func listItem(version2: Bool) -> ListItem {
        ListItem(
            publicId: publicId, title: title, author: author, publishDate: publishDate, liveStatus: liveStatus,
            canGoLive: !isLiveStreaming, canCutAndPublish: true, isLiveStreaming: isLiveStreaming, dvrEnabled: true,
            canStopAndCut: isLiveStreaming, canStopWithoutSaving: isLiveStreaming, thumbnail: thumbnail,
            liveVideoAuthor: version2 ? author : nil, highlight: version2 ? false : nil
        )
    }

    var details: Details {
        Details(
            publicId: publicId, name: title, title: title, description: description, thumbnail: thumbnail,
            playbackUrl: playbackUrl, channelPublicId: channelPublicId, channelName: channelPublicId,
            channelTitle: channelPublicId, channelLogo: nil, type: "Standard", latencyType: "Normal",
            liveStatus: liveStatus, canGoLive: !isLiveStreaming, isLiveStreaming: isLiveStreaming,
            canStopAndCut: isLiveStreaming, startDateUTC: startDateUTC, endDateUTC: endDateUTC,
            publishDate: publishDate, publishEndDate: nil, geoBlockingRuleId: nil, author: author,
            activeChannelId: channelPublicId, tags: [], hasGeoRestriction: false, geoRestrictionLink: nil
        )
    }
}

/// A restream: the live video pushed on to another RTMP destination while `status` is true.
struct GjirafaRestream: Encodable, Sendable, Equatable {
    var id: Int
    var title: String
    var streamKey: String
    var streamUrl: String
    var status: Bool
    var videoId: String
}
