-- Interrupt safety: run.sh builds a harness with CLUA_PATTERN_TICK_INTERVAL=1
-- (a tick on every step) and runs this file under ASan/UBSan.  For each call
-- below it first measures how many ticks the call needs, then reruns it with
-- every smaller budget, so the budget error is raised from every single tick
-- site the call passes through: inside captures, repetitions, %b scans,
-- gsub's buffer building, replacement functions, gmatch iteration...
-- Each rerun must either fail with the budget error or, if it finished, give
-- the unlimited result; afterwards the state must still work normally.

local calls = {
  { "find", function() return string.find("xx(a(b)c)yy", "(%b())()") end },
  { "find plain", function() return string.find(("ab"):rep(40) .. "abc", ("ab"):rep(30) .. "c", 1, true) end },
  { "match captures", function() return string.match("key = value; k2 = v2", "(%w+)%s*=%s*(%w+)();") end },
  { "match backref", function() return string.match("abcabcabc", "^(a.-)%1%1$") end },
  { "match lazy", function() return string.match("a,b,,c,d", "^(.-),(.-),(.-),") end },
  { "match set", function() return string.match("foo_bar-baz 99", "[%a_%-]+") end },
  { "match frontier", function() return string.match("THE (quick) fox", "%f[%a]%a+%f[%A]") end },
  { "gmatch", function()
      local t = {}
      for k, v in string.gmatch("a=1, b=22, c=333", "(%w+)=(%w+)") do t[#t + 1] = k .. v end
      return table.concat(t, ";")
    end },
  { "gmatch empty", function()
      local n = 0
      for _ in ("hello world"):gmatch("%w*") do n = n + 1 end
      return n
    end },
  { "gsub string", function() return string.gsub("hello world from lua", "(%w+)", "<%1:%0>") end },
  { "gsub empty", function() return string.gsub("hello world", "", "-") end },
  { "gsub table", function() return string.gsub("$a and $b", "%$(%w+)", { a = "A", b = false }) end },
  { "gsub function", function()
      return string.gsub("one two three", "%a+", function(w)
        return w:gsub(".", function(c) return c:upper() end)
      end)
    end },
  { "gsub anchored", function() return string.gsub("aaab", "^a*", "x") end },
  { "too complex", function() return string.match(("a"):rep(220), ("a?"):rep(220)) end },
  { "malformed", function() return string.gsub("abc abc", "b(c%", "x") end },
}

local function pack(...) return { n = select('#', ...), ... } end
local function same(a, b)
  if a.n ~= b.n then return false end
  for i = 1, a.n do if a[i] ~= b[i] then return false end end
  return true
end

local total_runs, failures = 0, 0
for _, c in ipairs(calls) do
  local name, f = c[1], c[2]
  clua_budget(0)
  local expected = pack(pcall(f))
  local needed = clua_budget(0)
  for b = 1, needed do
    clua_budget(b)
    local got = pack(pcall(f))
    clua_budget(0)
    total_runs = total_runs + 1
    local stopped = not got[1] and type(got[2]) == "string"
      and got[2]:find("pattern step budget exceeded", 1, true)
    if not stopped and not same(got, expected) then
      failures = failures + 1
      if failures <= 20 then
        print("FAIL", name, "budget", b, tostring(got[1]), tostring(got[2]))
      end
    end
  end
  -- The interrupted runs must not have disturbed anything.
  local again = pack(pcall(f))
  if not same(again, expected) then
    failures = failures + 1
    print("FAIL", name, "differs after interrupted runs")
  end
  print(string.format("%-16s %5d ticks, interrupted at each", name, needed))
end
print(string.format("budget sweep: %d interrupted runs, %d failures", total_runs, failures))
if failures > 0 then error("budget sweep failed") end
