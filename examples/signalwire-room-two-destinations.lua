-- Stream a SignalWire Video room to two RTMP destinations (YouTube and Twitch), check that both
-- are attached, and detach them again at the end of the show.
--
--   onair run examples/signalwire-room-two-destinations.lua --set room=studio-a \
--     --set youtube_key=xxxx --set twitch_key=yyyy --set minutes=0
--
-- With the default `local` profile this runs against the built-in emulator; with
-- `--profile env` it uses SIGNALWIRE_PROJECT_ID, SIGNALWIRE_API_TOKEN and SIGNALWIRE_SPACE.
local name = args.room or "studio-a"
local destinations = {
  { label = "YouTube", url = "rtmp://a.rtmp.youtube.com/live2/" .. (args.youtube_key or "youtube-stream-key") },
  { label = "Twitch", url = "rtmp://live.twitch.tv/app/" .. (args.twitch_key or "twitch-stream-key") },
}

-- Reuse the room if it exists; create it otherwise.
local ok, studio = pcall(room.get, name, { provider = "signalwire" })
if not ok then
  if studio.kind ~= "not_found" then error(studio) end
  studio = room.create{ provider = "signalwire", name = name, display_name = "Studio " .. name, max_members = 20 }
  onair.log.info("room created", { room = studio.name, id = studio.id })
end

local streams = onair.all(destinations, function(d)
  local s = stream.add(studio, { url = d.url })
  onair.log.info("streaming", { destination = d.label, stream = s.id })
  return s
end)
print(("%s is streaming to %d destinations"):format(studio.name, #stream.list(studio)))

onair.sleep(60 * tonumber(args.minutes or 0))

for _, s in ipairs(streams) do stream.remove(s) end
print(("%s: %d streams left"):format(studio.name, #stream.list(studio)))
