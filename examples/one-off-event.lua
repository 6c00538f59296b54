-- A one-off event: the product launch on 4 December 2026 at 19:00 in New York, streamed from a
-- SignalWire room to YouTube for ninety minutes.
--
--   onair schedule add examples/one-off-event.lua
local launch = playbook "product-launch" { tz = "America/New_York" }

function launch.run(ctx, args)
  local studio = ctx:step("room", function()
    return room.create{ provider = "signalwire", name = "launch-studio", display_name = "Launch" }
  end)
  ctx:step("youtube", function()
    return stream.add(studio, { url = args.youtube })
  end)
  ctx:hold(args.duration)
end

schedule.at("2026-12-04 19:00", launch, {
  tz = "America/New_York",
  duration = "90m",
  youtube = "rtmp://a.rtmp.youtube.com/live2/launch-key",
})
