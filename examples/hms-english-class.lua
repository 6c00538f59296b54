-- The "9PM English Class" on 100ms: make sure the room exists (room creation is an upsert by
-- name), send the class to YouTube over RTMP, and stop the stream when the class ends.
--
--   onair run examples/hms-english-class.lua --set rtmp=rtmp://a.rtmp.youtube.com/live2/KEY \
--     --set meeting_url=https://myapp.app.100ms.live/meeting/abc-defg-hij --set minutes=0
local class = room.create{
  provider = "100ms",
  name = "9pm-english-class",
  description = "9PM English Class",
  recording_info = { enabled = false },
}
print(("room %s (%s) is %s"):format(class.name, class.id, class.enabled and "enabled" or "disabled"))

local broadcast = stream.add(class, {
  url = args.rtmp or "rtmp://a.rtmp.youtube.com/live2/english-class-key",
  meeting_url = args.meeting_url or "https://onair.app.100ms.live/meeting/eng-9pm-cls",
  resolution = { width = 1280, height = 720 },
})
onair.log.info("external stream started", { stream = broadcast.id, status = broadcast.status })

onair.sleep(60 * tonumber(args.minutes or 0))

local stopped = stream.remove(broadcast)
onair.log.info("external stream stopped", { stream = stopped.id, status = stopped.status })
room.end_session(class, { reason = "Class is over", lock = false })
print("class ended")
