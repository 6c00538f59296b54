-- The host-API fuzzer: calls every function a script can reach (every binding module, onair.*,
-- json.*, schedule.*, playbook and the sandboxed standard library) with hostile arguments, plain,
-- inside coroutines (resumed, yielded across, closed), inside onair.spawn tasks cancelled
-- mid-flight, from metamethods and from __gc finalizers.
--
--   onair run Tests/Fuzz/fuzz.lua --set seed=42 --set calls=20000
--
-- The calls it makes depend only on the seed: the functions are listed in sorted order and every
-- choice comes from one generator (each spawned task gets its own, seeded when it is spawned), so
-- a seed replays the same calls. Every call runs under pcall: a Lua error is an expected outcome;
-- only the death of the process is a finding. Progress lines ("fuzz: seed=S calls=N") let the
-- driver (scripts/fuzz) count the calls even when a run ends on a limit.

local seed = math.tointeger(tonumber(args.seed)) or 1
local budget = math.tointeger(tonumber(args.calls)) or 20000
-- `--set trace=1` prints each call's number and function before it is made (to find a crash's call).
local trace = args.trace ~= nil

-- Everything the fuzzer itself needs, taken before any hostile call can replace a global.
local pcall, type, pairs, next, select, tostring = pcall, type, pairs, next, select, tostring
local rawset, rawget, setmetatable, error = rawset, rawget, setmetatable, error
local co_create, co_resume, co_yield = coroutine.create, coroutine.resume, coroutine.yield
local co_close, co_wrap, co_status = coroutine.close, coroutine.wrap, coroutine.status
local sort, insert, pack, unpack = table.sort, table.insert, table.pack, table.unpack
local rep, sub, char = string.rep, string.sub, string.char
local spawn, sleep = onair.spawn, onair.sleep
local write = print
local env = _ENV

-- ---------- the generator (xorshift64, integers wrap in Lua 5.4) ----------

local function generator(start)
  local state = start ~ 0x2545F4914F6CDD1D
  if state == 0 then state = 1 end
  local g = {}
  function g.next()
    state = state ~ (state << 13)
    state = state ~ (state >> 7)
    state = state ~ (state << 17)
    return state
  end
  -- 1..n
  function g.int(n) return (g.next() >> 1) % n + 1 end
  function g.chance(percent) return g.int(100) <= percent end
  return g
end

local calls = 0
local function progress()
  write(("fuzz: seed=%d calls=%d"):format(seed, calls))
end

-- ---------- what to call ----------

local skip_globals = { _G = true, args = true, _ENV = true }
local targets = {}
do
  local names = {}
  for name in pairs(env) do if type(name) == "string" then names[#names + 1] = name end end
  sort(names)
  local function add_module(prefix, module, depth)
    local members = {}
    for member in pairs(module) do if type(member) == "string" then members[#members + 1] = member end end
    sort(members)
    for _, member in ipairs(members) do
      local value = rawget(module, member)
      if type(value) == "function" then
        targets[#targets + 1] = { name = prefix .. "." .. member, fn = value }
      elseif type(value) == "table" and depth < 2 then
        add_module(prefix .. "." .. member, value, depth + 1)
      end
    end
  end
  for _, name in ipairs(names) do
    local value = rawget(env, name)
    if type(value) == "function" then
      targets[#targets + 1] = { name = name, fn = value }
    elseif type(value) == "table" and not skip_globals[name] then
      add_module(name, value, 1)
    end
  end
end

-- Arguments that would only make a run slow or loud, not more hostile, are tamed per target.
local huge = rep("\255x\0", 350000)
local tame = {}
tame["onair.sleep"] = function(a)
  if type(a) == "number" and a == a and a > 0.005 and a < 1e300 then return 0.001 end
  if type(a) == "string" and #a < 40 then return "1ms" end
  return a
end
tame["string.rep"] = function(a, n, s)
  if type(n) == "number" and n > 1000 then n = 1000 end
  if type(a) == "string" and #a > 1000 then a = sub(a, 1, 1000) end
  return a, n, s
end
tame["print"] = function(...)
  local out = pack(...)
  for i = 1, out.n do
    if type(out[i]) == "string" and #out[i] > 80 then out[i] = sub(out[i], 1, 80) end
  end
  return unpack(out, 1, out.n)
end
tame["onair.log.info"] = tame["print"]
tame["onair.log.warn"] = tame["print"]
tame["onair.log.error"] = tame["print"]

-- ---------- hostile values ----------

local pool = {}
local results = {} -- values earlier calls returned, fed back as arguments
local result_slot = 0
local function remember(value)
  if value == nil then return end
  result_slot = result_slot % 48 + 1
  results[result_slot] = value
end

local function deep(levels)
  local root = {}
  local t = root
  for _ = 1, levels do local child = {} t[1] = child t = child end
  return root
end

local trap_error = function() error("booby trap") end
local trap_yield = function(...) return co_yield(...) end
local trap_table_error = function() error({ trap = true }) end

local function trapped(kind)
  local handler = ({ trap_error, trap_yield, trap_table_error })[kind]
  return setmetatable({}, {
    __index = handler, __newindex = handler, __tostring = handler, __eq = handler, __len = handler,
    __pairs = handler, __call = handler, __concat = handler, __lt = handler, __le = handler,
    __close = handler, __name = "trap", __unm = handler, __add = handler,
  })
end

do
  local cyclic = { provider = "cloudflare" }
  cyclic.self = cyclic
  cyclic[1] = cyclic
  local values = {
    true, false, 0, -0.0, 1, -1, 2, 7, 100, math.maxinteger, math.mininteger, 0 / 0, 1 / 0, -1 / 0,
    2 ^ 53, 2 ^ 63, -2 ^ 63, 1e308, 5e-324, 0.5, 86400 * 365, 2 ^ 31, -2 ^ 31 - 1,
    "", "\0", "a\0b", "\255\254", "\192\128", "\237\160\128", "\244\144\128\128", "%", "%s%d%n",
    "1h", "90s", "-5m", "1e300s", "99999999999999999999h", "1.5", "nan", "inf", "0x7fffffffffffffff",
    "cloudflare", "signalwire", "hms", "gjirafa", "room", "live_input", "restream", "fri 19:00",
    "*/5 * * * *", "2026-12-03T12:00:00Z", "Europe/Berlin", "Mars/Olympus", "rtmp://x/y", "{", "[1,2",
    '{"a":1}', '{"a":' .. rep("[", 5000), rep("[", 200) .. rep("]", 200), '"\\ud800"', "1e999",
    huge, rep("\255", 70000),
    {}, { 1, 2, 3 }, { provider = "cloudflare" }, { provider = "signalwire" }, { provider = "hms" },
    { provider = "gjirafa" }, { provider = 1 / 0 }, { provider = {} }, { provider = "x\0y" },
    { [1] = 1, [1000000] = 2 }, { [true] = 1, [1.5] = 2, [-1] = 3 }, { [{}] = 1 }, { uid = "x", id = 7 },
    { id = math.maxinteger, provider = "hms" }, { name = huge }, { limit = 0 / 0 }, { limit = -1 },
    { tz = "Nowhere/Else", duration = "2h" }, { meta = { nested = { deeper = { 1, 2, { x = 0 / 0 } } } } },
    deep(150), deep(20000), cyclic, { print }, { co_create(function() end) },
    trapped(1), trapped(2), trapped(3),
    setmetatable({}, { __len = function() return 2 ^ 53 end }),
    setmetatable({ 1, 2 }, { __index = function(t, k) return k end }),
    print, trap_error, trap_yield, trap_table_error, function(...) return ... end,
    function() return co_yield() end, function() sleep(0) return 1 end,
    co_create(function() end), co_create(trap_yield), co_wrap(trap_yield),
  }
  for _, v in ipairs(values) do pool[#pool + 1] = v end
  local array, object = json.array, json.object
  if array then pool[#pool + 1] = array() end
  if object then pool[#pool + 1] = object() end
  if json.null then pool[#pool + 1] = json.null end
  local big = {}
  for i = 1, 20000 do big[i] = i end
  pool[#pool + 1] = big
  local dead = co_create(function() end)
  co_resume(dead)
  pool[#pool + 1] = dead
  pool[#pool + 1] = pool
end

local function value(g)
  if result_slot > 0 and g.chance(30) then
    local r = results[g.int(result_slot)]
    if r ~= nil then return r end
  end
  if g.chance(8) then return nil end
  return pool[g.int(#pool)]
end

local function arguments(g)
  local count = ({ 0, 1, 1, 2, 2, 2, 3, 3, 4, 6 })[g.int(10)]
  local list = { n = count }
  for i = 1, count do list[i] = value(g) end
  if g.chance(3) then list.n = 250 end -- trailing nils: many arguments
  return list
end

-- ---------- one call ----------

local step -- forward

local function call(g, target, list)
  calls = calls + 1
  if calls % 1000 == 0 then progress() end
  if trace then write(("fuzz: call %d %s"):format(calls, target.name)) end
  local shaper = tame[target.name]
  local outcome
  if shaper then
    outcome = pack(pcall(function() return target.fn(shaper(unpack(list, 1, list.n))) end))
  else
    outcome = pack(pcall(target.fn, unpack(list, 1, list.n)))
  end
  for i = 2, outcome.n < 4 and outcome.n or 4 do remember(outcome[i]) end
  return outcome
end

local function pick(g) return targets[g.int(#targets)] end

-- A function that itself makes host calls, handed to hosts as a callback (onair.all, spawn, sort).
local function calling_function(g)
  local inner = generator(g.next())
  return function(...)
    local list = arguments(inner)
    if inner.chance(30) then list[1] = ... end
    call(inner, pick(inner), list)
    if inner.chance(20) then co_yield() end
    return ...
  end
end

local modes = {}

function modes.plain(g) call(g, pick(g), arguments(g)) end

-- The call inside a coroutine that yields around it; resumed again, closed, or dropped.
function modes.coroutine(g)
  local target, list = pick(g), arguments(g)
  local inner = generator(g.next())
  local co = co_create(function(...)
    co_yield(...)
    local holder <close> = setmetatable({}, { __close = function()
      if inner.chance(50) then call(inner, pick(inner), arguments(inner)) end
    end })
    local outcome = call(inner, target, list)
    co_yield(outcome)
    call(inner, pick(inner), arguments(inner))
    return outcome
  end)
  local ok = co_resume(co, unpack(list, 1, list.n < 8 and list.n or 8))
  if not ok then return end
  local choice = g.int(4)
  if choice == 1 then
    co_close(co)
    return
  end
  co_resume(co)
  if choice == 2 then
    co_close(co)
  elseif choice == 3 then
    co_resume(co)
    co_resume(co)
  end
end

-- The call inside a coroutine inside a coroutine, through coroutine.wrap.
function modes.nested(g)
  local inner = generator(g.next())
  local wrapped = co_wrap(function()
    local co = co_create(function()
      call(inner, pick(inner), arguments(inner))
      co_yield(1)
      call(inner, pick(inner), arguments(inner))
    end)
    co_resume(co)
    co_yield(2)
    co_resume(co)
    if inner.chance(50) then co_close(co) end
  end)
  pcall(wrapped)
  if g.chance(50) then pcall(wrapped) end
end

-- A task running calls, cancelled before it starts, mid-flight or never; waited for or not.
function modes.spawn(g)
  local inner = generator(g.next())
  local ok, task = pcall(spawn, function(...)
    for _ = 1, inner.int(4) do
      call(inner, pick(inner), arguments(inner))
      if inner.chance(30) then sleep(0) end
    end
    return ...
  end, value(g), value(g))
  if not ok then return end
  remember(task)
  local choice = g.int(6)
  if choice == 1 then
    task:cancel()
  elseif choice == 2 then
    sleep(0)
    task:cancel(value(g))
  elseif choice == 3 then
    pcall(task.wait, task)
  elseif choice == 4 then
    sleep(0)
    pcall(task.wait, task)
    task:cancel()
  elseif choice == 5 then
    pcall(task.status, task)
  end
end

-- onair.all over calling functions, sometimes inside a task that is cancelled while it runs.
function modes.all(g)
  local list = {}
  for i = 1, g.int(5) do list[i] = value(g) end
  local fn = calling_function(g)
  local options = g.chance(50) and { limit = g.int(3) } or value(g)
  if g.chance(50) then
    call(g, { name = "onair.all", fn = onair.all }, { n = 3, list, fn, options })
  else
    local ok, task = pcall(spawn, function() return onair.all(list, fn, options) end)
    if ok then
      sleep(0)
      task:cancel()
      pcall(task.wait, task)
    end
  end
end

-- Task methods called on anything, including tasks that are done, cancelled or gone.
function modes.task_methods(g)
  local task
  for _ = 1, 4 do
    local candidate = value(g)
    if type(candidate) == "userdata" then task = candidate break end
  end
  if task == nil then return end
  local name = ({ "wait", "cancel", "status" })[g.int(3)]
  local ok, method = pcall(function() return task[name] end)
  if not ok or type(method) ~= "function" then return end
  call(g, { name = "task:" .. name, fn = method }, { n = 2, task, value(g) })
end

-- A finalizer that makes a host call whenever the collector gets to it.
function modes.finalizer(g)
  local inner = generator(g.next())
  local target, list = pick(g), arguments(g)
  setmetatable({}, { __gc = function() call(inner, target, list) end })
end

-- A host call made from a metamethod that a host or library call triggers.
function modes.metamethod(g)
  local inner = generator(g.next())
  local t = setmetatable({}, {
    __index = function() call(inner, pick(inner), arguments(inner)) return nil end,
    __tostring = function() call(inner, pick(inner), arguments(inner)) return "t" end,
    __len = function() call(inner, pick(inner), arguments(inner)) return 3 end,
    __lt = function() call(inner, pick(inner), arguments(inner)) return true end,
  })
  remember(t)
  call(g, pick(g), { n = 2, t, value(g) })
end

local mode_list = {
  { modes.plain, 55 }, { modes.coroutine, 12 }, { modes.nested, 5 }, { modes.spawn, 10 },
  { modes.all, 3 }, { modes.task_methods, 5 }, { modes.finalizer, 5 }, { modes.metamethod, 5 },
}

step = function(g)
  local roll = g.int(100)
  for _, entry in ipairs(mode_list) do
    roll = roll - entry[2]
    if roll <= 0 then return entry[1](g) end
  end
  return modes.plain(g)
end

-- No warm-up call: the process's first provider calls may come at once (spawned tasks, onair.all),
-- as they do in users' scripts, and the built-in emulator must start once for all of them.
local g = generator(seed)
write(("fuzz: seed=%d targets=%d"):format(seed, #targets))
while calls < budget do
  local ok, err = pcall(step, g)
  if not ok and type(err) == "table" and (rawget(err, "kind") == "limit" or rawget(err, "message") == "interrupted") then
    -- a limit or Ctrl-C ends the run; count what was done
    progress()
    error(err, 0)
  end
end
progress()
write("fuzz: done")
