-- The first provider calls of a process, all at once: `args.n` calls (default 40) spread over the
-- four providers, half through onair.all and half through onair.spawn, before any call has
-- returned. Prints one line per provider with the number of calls that succeeded; any failure is
-- raised, so the run exits non-zero.
local n = tonumber(args.n) or 40
local calls = {
  cloudflare = function(i) return live_input.create{ meta = { name = "cold " .. i } }.uid end,
  signalwire = function(i)
    return room.create{ provider = "signalwire", name = "cold-" .. i, display_name = "Cold " .. i }.id
  end,
  ["100ms"] = function(i) return room.create{ provider = "100ms", name = "cold-" .. i }.id end,
  gjirafa = function(i) return live_video.create{ title = "Cold " .. i, channelId = "cold" }.publicId end,
}
local order = { "cloudflare", "signalwire", "100ms", "gjirafa" }

local work = {}
for i = 1, n do work[i] = { provider = order[(i - 1) % #order + 1], i = i } end

local half = n // 2
local spawned = {}
for i = half + 1, n do
  local w = work[i]
  spawned[#spawned + 1] = onair.spawn(calls[w.provider], w.i)
end
local listed = {}
for i = 1, half do listed[i] = work[i] end
local ids = onair.all(listed, function(w) return calls[w.provider](w.i) end)
for j, task in ipairs(spawned) do ids[half + j] = task:wait() end

local made = {}
for i = 1, n do
  assert(type(ids[i]) == "string" and #ids[i] > 0, "call " .. i .. " returned no id")
  local p = work[i].provider
  made[p] = (made[p] or 0) + 1
end
for _, p in ipairs(order) do print(p .. " " .. (made[p] or 0)) end
