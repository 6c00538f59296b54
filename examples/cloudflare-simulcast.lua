-- Simulcast one Cloudflare Stream live input to three platforms, pause one platform mid-show,
-- bring it back, and clean everything up afterwards.
--
--   onair run examples/cloudflare-simulcast.lua --set title="Friday show" --set minutes=0 \
--     --set-json keys='{"youtube":"…","twitch":"…","facebook":"…"}'
local keys = args.keys or {}
local platforms = {
  { name = "youtube", url = "rtmp://a.rtmp.youtube.com/live2" },
  { name = "twitch", url = "rtmp://live.twitch.tv/app" },
  { name = "facebook", url = "rtmps://live-api-s.facebook.com:443/rtmp/" },
}

local input = live_input.create{
  meta = { name = args.title or "Friday show" },
  recording = { mode = "automatic", timeoutSeconds = 10 },
}
print(("live input %s: point the encoder at %s"):format(input.uid, input.rtmps and input.rtmps.url or "?"))

local outputs = {}
for _, p in ipairs(platforms) do
  outputs[p.name] = live_input.add_output(input, { url = p.url, streamKey = keys[p.name] or (p.name .. "-key"), enabled = true })
end

local function report(moment)
  local states = {}
  for _, o in ipairs(live_input.outputs(input)) do
    states[#states + 1] = o.url:match("//([^/:]+)") .. (o.enabled and " on" or " off")
  end
  table.sort(states)
  print(moment .. ": " .. table.concat(states, ", "))
end

report("on air")
onair.sleep(30 * tonumber(args.minutes or 0))
live_input.set_output(outputs.twitch, { enabled = false })   -- e.g. a rights break on Twitch
report("twitch paused")
onair.sleep(30 * tonumber(args.minutes or 0))
live_input.set_output(outputs.twitch, { enabled = true })
report("twitch back")

for _, o in pairs(outputs) do live_input.remove_output(o) end
live_input.delete(input)
print("simulcast torn down")
