-- The Friday show: every Friday at 19:00 Berlin time, a Cloudflare live input simulcast to
-- YouTube and Twitch for two hours.
--
--   onair schedule add examples/weekly-friday-simulcast.lua
--   onair schedule next <id> -n 10      # the next ten Fridays, with daylight-saving notes
local show = playbook "friday-simulcast" { tz = "Europe/Berlin", start_within = "5m" }

function show.run(ctx, args)
  local input = ctx:step("live input", function()
    return live_input.create{ meta = { name = args.title } }
  end)
  for _, d in ipairs(args.destinations) do
    ctx:step("output " .. d.name, function()
      return live_input.add_output(input, { url = d.url, streamKey = d.key })
    end)
  end
  ctx:hold(args.duration)
end

schedule.weekly("fri 19:00", show, {
  tz = "Europe/Berlin",
  duration = "2h",
  title = "Friday show",
  destinations = {
    { name = "youtube", url = "rtmp://a.rtmp.youtube.com/live2", key = "youtube-key" },
    { name = "twitch", url = "rtmp://live.twitch.tv/app", key = "twitch-key" },
  },
})
