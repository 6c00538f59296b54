-- The Cloudflare scenario of scripts/bench: 20 live inputs with 10 outputs each are created,
-- listed, disabled and deleted, with the calls that do not depend on each other made at once
-- through onair.all. Run against `onair emulator` (ONAIR_CLOUDFLARE_BASE_URL); prints the seconds
-- the scenario took, measured inside the script, so process start-up is not counted here.
--
--   onair run Benchmarks/scenarios/cloudflare-scenario.lua --set inputs=20 --set outputs=10
local input_count = tonumber(args.inputs or 20)
local output_count = tonumber(args.outputs or 10)

local function range(n)
  local list = {}
  for i = 1, n do list[i] = i end
  return list
end

-- The account starts empty; this first call also opens the connection before the clock starts
-- (the Python version does the same).
assert(#live_input.list() == 0, "the emulator holds live inputs already: reset it first")

local start = onair.now()

-- Create the inputs and, as each one exists, its outputs.
local inputs = onair.all(range(input_count), function(i)
  local input = live_input.create{ meta = { name = ("bench input %d"):format(i) }, recording = { mode = "off" } }
  local outputs = onair.all(range(output_count), function(j)
    return live_input.add_output(input, {
      url = ("rtmp://ingest-%d.example.net/live"):format(j), streamKey = ("key-%d-%d"):format(i, j), enabled = true,
    })
  end)
  return { input = input, outputs = outputs }
end)

-- List everything back and check it is all there.
local listed = live_input.list()
assert(#listed == input_count, ("listed %d inputs, expected %d"):format(#listed, input_count))
onair.all(inputs, function(item)
  local outputs = live_input.outputs(item.input)
  assert(#outputs == output_count, ("listed %d outputs, expected %d"):format(#outputs, output_count))
end)

-- Disable every output and every input.
onair.all(inputs, function(item)
  onair.all(item.outputs, function(output) live_input.set_output(output, { enabled = false }) end)
  live_input.disable(item.input)
end)

-- Delete every output, then its input.
onair.all(inputs, function(item)
  onair.all(item.outputs, function(output) live_input.remove_output(output) end)
  live_input.delete(item.input)
end)
assert(#live_input.list() == 0, "inputs left behind")

print(("%.6f"):format(onair.now() - start))
