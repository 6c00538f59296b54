-- A Gjirafa VP live video restreamed to YouTube and Facebook; the Facebook copy is switched off
-- and on again during the show, then the restreams are removed.
--
--   onair run examples/gjirafa-restreams.lua --set title="Match day" --set channel=sports --set minutes=0
local video = live_video.create{
  title = args.title or "Match day",
  description = "Live from the stadium",
  channelId = args.channel or "sports",
}
print(("live video %s: %s"):format(video.publicId, video.playbackUrl or ""))

local targets = {
  { title = "YouTube", streamUrl = "rtmp://a.rtmp.youtube.com/live2", streamKey = args.youtube_key or "yt-key" },
  { title = "Facebook", streamUrl = "rtmps://live-api-s.facebook.com:443/rtmp/", streamKey = args.facebook_key or "fb-key" },
}
local restreams = {}
for _, t in ipairs(targets) do
  restreams[t.title] = restream.create{ videoId = video.publicId, title = t.title, streamUrl = t.streamUrl, streamKey = t.streamKey, status = true }
end

local function report(moment)
  local states = {}
  for _, r in ipairs(restream.list(video)) do states[#states + 1] = r.title .. (r.status and " on" or " off") end
  table.sort(states)
  print(moment .. ": " .. table.concat(states, ", "))
end

report("kick-off")
restream.toggle(restreams.Facebook)
report("facebook off")
onair.sleep(60 * tonumber(args.minutes or 0))
restream.toggle(restreams.Facebook)
report("facebook on")

for _, r in pairs(restreams) do restream.delete(r) end
print(("%d restreams left"):format(#restream.list(video)))
