-- Provider calls per second at a given concurrency: `calls` live_input.get calls against one
-- live input, at most `concurrency` in flight (onair.all with `limit`). Prints calls per second,
-- measured inside the script.
--
--   onair run Benchmarks/scenarios/calls-per-second.lua --set concurrency=16 --set calls=2000
local concurrency = tonumber(args.concurrency or 1)
local calls = tonumber(args.calls or 1000)

local input = live_input.create{ meta = { name = "calls per second" } }
local list = {}
for i = 1, calls do list[i] = input end
live_input.get(input) -- the connection is open before the clock starts

local start = onair.now()
onair.all(list, function(item) return live_input.get(item).uid end, { limit = concurrency })
local elapsed = onair.now() - start
live_input.delete(input)
print(("%.1f"):format(calls / elapsed))
