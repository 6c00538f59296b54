-- Inputs that keep Lua's stock pattern matcher busy for many seconds (most
-- for minutes or longer) without ever giving the count hook a chance to run.
-- Under the harness every case must be cut short by the tick budget:
--
--   CLUA_PATTERN_BUDGET=1000 ./harness pathological.lua
--
-- prints one "PASS"/"FAIL" line per case.  A case passes when it fails with
-- "pattern step budget exceeded" within PATHOLOGICAL_MAX_SECONDS of CPU time
-- (default 0.25 s).  clua_budget(n), provided by the harness, resets the tick
-- counter before each case so they all get the same allowance.
--
-- PATHOLOGICAL_ONLY=<n> runs just case n; with the stock interpreter
-- (no clua_budget) that is how to watch it hang, e.g.
--   PATHOLOGICAL_ONLY=3 timeout 5 lua5.4 pathological.lua

local budget = tonumber(os.getenv("CLUA_PATTERN_BUDGET") or "") or 1000
local max_seconds = tonumber(os.getenv("PATHOLOGICAL_MAX_SECONDS") or "") or 0.25
local only = tonumber(os.getenv("PATHOLOGICAL_ONLY") or "")
local reset = clua_budget or function() return 0 end

local cases = {}
local function case(name, setup)
  cases[#cases + 1] = { name = name, setup = setup }
end

-- Nested greedy repetitions that can never succeed: O(n^k) backtracking.
case('find(("a"):rep(3000), "a*a*a*a*b")', function()
  local s = ("a"):rep(3000)
  return function() return s:find("a*a*a*a*b") end
end)
case('find(("a"):rep(400), "a*a*a*b")', function()
  local s = ("a"):rep(400)
  return function() return string.find(s, "a*a*a*b") end
end)
-- Lazy scans from every start position: O(n^2).
case('find(("a"):rep(1e6), ".-b")', function()
  local s = ("a"):rep(1e6)
  return function() return string.find(s, ".-b") end
end)
case('find(("a"):rep(1e6), "a-b")', function()
  local s = ("a"):rep(1e6)
  return function() return string.find(s, "a-b") end
end)
case('match(("a"):rep(1e6), ".-b")', function()
  local s = ("a"):rep(1e6)
  return function() return string.match(s, ".-b") end
end)
case('gmatch(("a"):rep(1e6), ".-b")', function()
  local s = ("a"):rep(1e6)
  return function()
    for _ in string.gmatch(s, ".-b") do end
  end
end)
case('gmatch(("a"):rep(1e6), "a*b")', function()
  local s = ("a"):rep(1e6)
  return function()
    for _ in s:gmatch("a*b") do end
  end
end)
case('gsub(("a"):rep(1e6), "a-b", "")', function()
  local s = ("a"):rep(1e6)
  return function() return string.gsub(s, "a-b", "") end
end)
case('gsub(("a"):rep(1e6), "(a-)b", function)', function()
  local s = ("a"):rep(1e6)
  return function() return s:gsub("(a-)b", function(x) return x end) end
end)
case('gsub(("a"):rep(1e6), "a*b", table)', function()
  local s = ("a"):rep(1e6)
  return function() return s:gsub("a*b", {}) end
end)
-- Many lazy items: combinatorial explosion.
case('match(("a"):rep(5000), (".-"):rep(20) .. "x")', function()
  local s, p = ("a"):rep(5000), (".-"):rep(20) .. "x"
  return function() return string.match(s, p) end
end)
case('find(("a"):rep(100), ("(.-)"):rep(15) .. "x")', function()
  local s, p = ("a"):rep(100), ("(.-)"):rep(15) .. "x"
  return function() return string.find(s, p) end
end)
-- Exponential: a?^n a^n within the nesting limit.
case('match(("a"):rep(150), ("a?"):rep(150) .. ("a"):rep(150) .. "b")', function()
  local s, p = ("a"):rep(150), ("a?"):rep(150) .. ("a"):rep(150) .. "b"
  return function() return string.match(s, p) end
end)
-- Unbalanced %b: every start position scans to the end.
case('find(("("):rep(1e6), "%b()")', function()
  local s = ("("):rep(1e6)
  return function() return string.find(s, "%b()") end
end)
case('gsub(("x"):rep(1e6), "%bxy", "")', function()
  local s = ("x"):rep(1e6)
  return function() return string.gsub(s, "%bxy", "") end
end)
-- Back-references that compare long captures again and again.
case('match(("a"):rep(2e4), "(.-)%1%1b")', function()
  local s = ("a"):rep(2e4)
  return function() return string.match(s, "(.-)%1%1b") end
end)
case('find(("ab"):rep(1e5), "(.*)%1x")', function()
  local s = ("ab"):rep(1e5)
  return function() return string.find(s, "(.*)%1x") end
end)
-- Long literal pattern (not plain, so it goes through the matcher).
case('match(("a"):rep(2e5), ("a"):rep(1e5) .. "b")', function()
  local s, p = ("a"):rep(2e5), ("a"):rep(1e5) .. "b"
  return function() return string.match(s, p) end
end)
-- Plain find with a long, almost-matching needle: O(n*m) compares.
case('find(("a"):rep(4e6), ("a"):rep(2e5) .. "b", 1, true)', function()
  local s, n = ("a"):rep(4e6), ("a"):rep(2e5) .. "b"
  return function() return string.find(s, n, 1, true) end
end)
-- A huge set re-scanned for every subject byte.
case('find(("b"):rep(2e5), "[" .. ("a"):rep(2e5) .. "]")', function()
  local s, p = ("b"):rep(2e5), "[" .. ("a"):rep(2e5) .. "]"
  return function() return string.find(s, p) end
end)
case('match(("b"):rep(1e5), "%f[" .. ("a"):rep(1e5) .. "]")', function()
  local s, p = ("b"):rep(1e5), "%f[" .. ("a"):rep(1e5) .. "]"
  return function() return string.match(s, p) end
end)
-- Frontier plus lazy scan.
case('gsub((" a"):rep(5e5), "%f[%a].-x", "")', function()
  local s = (" a"):rep(5e5)
  return function() return string.gsub(s, "%f[%a].-x", "") end
end)

local failures = 0
for i, c in ipairs(cases) do
  if only == nil or only == i then
    local run = c.setup()
    reset(budget)
    local t0 = os.clock()
    local ok, err = pcall(run)
    local elapsed = os.clock() - t0
    local ticks = reset(0)
    local stopped = not ok and type(err) == "string"
      and err:find("pattern step budget exceeded", 1, true) ~= nil
    local verdict
    if not stopped then
      verdict = "FAIL"
    elseif elapsed > max_seconds then
      verdict = "FAIL"
    else
      verdict = "PASS"
    end
    if verdict == "FAIL" then failures = failures + 1 end
    print(string.format("%s %2d %-62s %s after %d ticks, %.3f s",
      verdict, i, c.name,
      stopped and "stopped by budget" or ("not stopped: " .. tostring(ok and "completed" or err)),
      ticks, elapsed))
  end
end
print(string.format("pathological: %d cases, %d failures", only and 1 or #cases, failures))
