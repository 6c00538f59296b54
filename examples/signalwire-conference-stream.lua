-- Put a SignalWire conference on air: create (or reuse) the conference, stream it to one RTMP
-- destination, list what is live, and take it off air at the end.
--
--   onair run examples/signalwire-conference-stream.lua --set conference=town-hall \
--     --set url=rtmp://live.example.com/app/KEY --set minutes=0
local name = args.conference or "town-hall"
local url = args.url or "rtmp://live.example.com/app/town-hall-key"

local existing
for c in conference.each() do
  if c.name == name then existing = c break end
end
local hall = existing or conference.create{ name = name, display_name = "Town hall", enable_chat = true }
onair.log.info(existing and "conference reused" or "conference created", { conference = hall.name })

local live = stream.add(hall, { url = url })
print(("%s is live (stream %s)"):format(hall.display_name or hall.name, live.id))
for _, s in ipairs(stream.list(hall)) do print("  ->", (s.url:gsub("/[^/]+$", "/…"))) end

onair.sleep(60 * tonumber(args.minutes or 0))

stream.remove(live)
print(("%s is off air (%d streams)"):format(hall.name, #stream.list(hall)))
