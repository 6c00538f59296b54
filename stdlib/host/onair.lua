-- The parts of the `onair` module that are best written in Lua, on top of the host's
-- primitives (spawn, task:wait, task:cancel, sleep). This chunk runs once per state with the
-- module table as its first argument; scripts get copies of the functions it defines.
local onair = ...
local spawn, sleep, make_error = onair.spawn, onair.sleep, onair.error
local pack, unpack = table.pack, table.unpack
local type, error, pcall, ipairs, tostring = type, error, pcall, ipairs, tostring
local math_type = math.type

local function usage(binding, position, expectation, got, level)
  local what = got == nil and "nil" or type(got)
  return make_error({
    kind = "usage", binding = binding, arg = position,
    message = binding .. ": argument #" .. position .. ": " .. expectation .. ", got " .. what,
  }, level + 1)
end

--- Runs fn(item, index) for every item of a list concurrently (at most `limit` at once) and
--- returns the first result of each call, in the order of the list. The first failure cancels
--- the calls still running and is raised.
function onair.all(list, fn, options)
  if type(list) ~= "table" then error(usage("onair.all", 1, "expected a list", list, 2), 0) end
  if type(fn) ~= "function" then error(usage("onair.all", 2, "expected a function", fn, 2), 0) end
  if options ~= nil and type(options) ~= "table" then
    error(usage("onair.all", 3, "expected a table of options", options, 2), 0)
  end
  local count = #list
  local limit = options and options.limit or count
  if math_type(limit) ~= "integer" or limit < 1 then
    if count == 0 then return {} end
    error(usage("onair.all", 3, "expected `limit` to be a positive integer", limit, 2), 0)
  end
  if limit > count then limit = count end

  local results, failure, next_index = {}, nil, 0
  local workers = {}
  local function cancel_workers()
    for _, worker in ipairs(workers) do worker:cancel() end
  end
  local function work()
    while failure == nil do
      next_index = next_index + 1
      local index = next_index
      if index > count then return end
      local ok, value = pcall(fn, list[index], index)
      if not ok then
        if failure == nil then
          failure = value
          cancel_workers()
        end
        return
      end
      results[index] = value
    end
  end
  for i = 1, limit do workers[i] = spawn(work) end
  for _, worker in ipairs(workers) do
    local ok, err = pcall(worker.wait, worker)
    if not ok and failure == nil then
      failure = err
      cancel_workers()
    end
  end
  if failure ~= nil then error(failure, 0) end
  return results
end

--- Calls fn(...) and returns its results, or raises a `timeout` error (after cancelling the call)
--- when it takes longer than `duration`.
function onair.timeout(duration, fn, ...)
  local seconds = onair.duration(duration)
  if type(fn) ~= "function" then error(usage("onair.timeout", 2, "expected a function", fn, 2), 0) end
  local args = pack(...)
  local child = spawn(function() return fn(unpack(args, 1, args.n)) end)
  local fired = false
  local timer = spawn(function()
    sleep(seconds)
    fired = true
    child:cancel("timed out after " .. tostring(duration))
  end)
  local outcome = pack(pcall(child.wait, child))
  timer:cancel()
  if outcome[1] then return unpack(outcome, 2, outcome.n) end
  child:cancel()
  if fired then
    error(make_error({ kind = "timeout", message = "onair.timeout: timed out after " .. tostring(duration) }, 2), 0)
  end
  error(outcome[2], 0)
end
