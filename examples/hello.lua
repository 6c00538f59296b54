-- A first OnAir script: waits like a provider call would, runs two things at once, and logs.
-- Run it with:  onair run examples/hello.lua --set name=Studio
local name = args.name or "world"
print("hello from OnAir, " .. name)

onair.log.info("checking two ingest points", { count = 2 })
local latencies = onair.all({ "primary", "backup" }, function(point, index)
  onair.sleep(0.05 * index)          -- stands in for a provider call: the script parks, others run
  return string.format("%s: %d ms", point, 50 * index)
end)
print(table.concat(latencies, ", "))

local ok, err = pcall(onair.timeout, "100ms", function() onair.sleep(5) end)
print("a slow call gives up after 100 ms:", not ok and err.kind)
