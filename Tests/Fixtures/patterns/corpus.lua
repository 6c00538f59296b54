-- Differential corpus for Sources/CLua/clua_pattern.h.
--
-- run.sh runs this file twice, once with the stock `lua5.4` and once under
-- the harness whose string.find/match/gmatch/gsub are ours, and requires
-- byte-identical output.  So everything printed here must be deterministic:
-- no addresses, no timing, no io/os, and a home-made PRNG for the fuzz part.
-- Only string/table/print/pcall/ipairs/tostring/select/type are used; the
-- formatting helpers avoid the pattern functions so that a bug in the engine
-- shows up as a diff in a result, not as a garbled report.

local count = 0

-- Strings are shown with %q so that NULs, bytes >= 128 and newlines are
-- visible and unambiguous; tostring keeps the integer/float distinction.
local function fmt(v)
  if type(v) == "string" then return string.format("%q", v) end
  if type(v) == "number" or type(v) == "boolean" or v == nil then
    return tostring(v)
  end
  return "<" .. type(v) .. ">"
end

-- Error messages carry "chunk:line:" when raised from Lua code; the two runs
-- load the file under the same name, but stripping it keeps the expected
-- output independent of how the file was invoked.
local function strip(msg)
  if type(msg) ~= "string" then return "<" .. type(msg) .. " error>" end
  local n = #msg
  local i = 1
  while i <= n and msg:byte(i) ~= 58 do i = i + 1 end          -- ':'
  local j = i + 1
  while j <= n and msg:byte(j) >= 48 and msg:byte(j) <= 57 do j = j + 1 end
  if i <= n and j > i + 1 and msg:byte(j) == 58 and msg:byte(j + 1) == 32 then
    return msg:sub(j + 2)
  end
  return msg
end

-- Labels echo the arguments, abbreviating long strings to their length.
local function label(name, ...)
  local parts = {}
  for k = 1, select('#', ...) do
    local v = select(k, ...)
    if type(v) == "string" and #v > 40 then
      parts[k] = "<" .. #v .. " bytes>"
    else
      parts[k] = fmt(v)
    end
  end
  return name .. "(" .. table.concat(parts, ", ") .. ")"
end

local function report(lbl, ok, ...)
  count = count + 1
  if ok then
    local n = select('#', ...)
    local parts = {}
    for k = 1, n do parts[k] = fmt((select(k, ...))) end
    print(count, lbl, n, table.concat(parts, " "))
  else
    print(count, lbl, "error", strip((...)))
  end
end

-- Collects up to 60 results of a gmatch iterator into one printable value.
local function drain(iter)
  local out = {}
  for _ = 1, 60 do
    local r = table.pack(iter())
    if r.n == 0 or r[1] == nil then break end
    local parts = {}
    for k = 1, r.n do parts[k] = fmt(r[k]) end
    out[#out + 1] = "[" .. table.concat(parts, ",") .. "]"
  end
  return #out .. ":" .. table.concat(out, " ")
end

local function gmatch_all(...)
  return drain(string.gmatch(...))
end

-- Calls string.<name> (looked up at call time, so the harness's versions
-- are used) under pcall and prints the outcome.
local function call(name, ...)
  local f
  if name == "gmatch" then f = gmatch_all else f = string[name] end
  report(label(name, ...), pcall(f, ...))
end

local function find(...) call("find", ...) end
local function match(...) call("match", ...) end
local function gmatch(...) call("gmatch", ...) end
local function gsub(...) call("gsub", ...) end

-- Same, for an arbitrary snippet (method calls, argument errors, ...).
local function snippet(lbl, f)
  report(lbl, pcall(f))
end

---------------------------------------------------------------------------
-- 1. Character classes over every byte value.
---------------------------------------------------------------------------
local allbytes
do
  local t = {}
  for c = 0, 255 do t[#t + 1] = string.char(c) end
  allbytes = table.concat(t)
end

local classes = {
  "%a", "%c", "%d", "%g", "%l", "%p", "%s", "%u", "%w", "%x",
  "%A", "%C", "%D", "%G", "%L", "%P", "%S", "%U", "%W", "%X",
  ".", "%z", "%Z", "%.", "%%", "%]", "%-", "%\0", "%\200", "%q", "%Q",
}
for _, cls in ipairs(classes) do
  -- A 256-character map of which bytes the class accepts.
  local bits = {}
  local ok, err = pcall(function()
    for c = 0, 255 do
      bits[c + 1] = string.find(string.char(c), "^" .. cls .. "$") and "1" or "0"
    end
  end)
  count = count + 1
  print(count, "class " .. fmt(cls), ok and table.concat(bits) or strip(err))
  -- Same class used inside a set, complemented set, and via gsub.
  gsub(allbytes, "[" .. cls .. "]", "")
  gsub(allbytes, "[^" .. cls .. "]+", "|")
  match(allbytes, cls .. "+")
end

---------------------------------------------------------------------------
-- 2. Sets: ranges, classes, negation, ']' and '-' edge cases.
---------------------------------------------------------------------------
local set_subject = "abc-xyz]ABC^019_[%].\0\127\200\255 \t"
local sets = {
  "[a-z]", "[^a-z]", "[a-z]+", "[%a_]+", "[]]", "[^]]", "[]a]", "[^]a]+",
  "[a-]", "[-a]", "[%-]", "[a%-z]", "[%]]", "[z-a]", "[a-c-e]", "[]-a]",
  "[^%s]+", "[.]", "[%.]", "[%%]", "[\0-\31]", "[\128-\255]+", "[^\0]+",
  "[a^]", "[^^]", "[-]", "[--]", "[---]", "[%a-z]", "[%d-]", "[[]",
  "[%[]", "[^[]+", "[%w%p]+", "[%W]+", "[^%W]+", "[A-Z0-9]+", "[\0]",
  "[\255]", "[^%z]+", "[%z]", "[a-a]", "[!-/]+", "[^-]+", "[%^]",
}
for _, set in ipairs(sets) do
  gsub(set_subject, set, "<%0>")
  find(set_subject, set)
end
-- Malformed sets.
for _, bad in ipairs{ "[", "[a", "[^", "[]", "[^]", "[%]", "[a%", "x[", "[%" } do
  find("abc", bad)
  match("", bad)
end

---------------------------------------------------------------------------
-- 3. Quantifiers.
---------------------------------------------------------------------------
local q_subjects = { "", "a", "aaa", "aaab", "baaac", "xyz", "abab" }
local q_patterns = {
  "a*", "a+", "a-", "a?", "a*b", "a+b", "a-b", "a?b", "ba*", "ba-",
  ".*", ".+", ".-", ".?", ".-b", "a*a", "a-a", "a?a?a?", "(a*)(a*)",
  "(a-)(a*)", "(a+)(a+)", "(a?)(a?)(a?)", "[ab]*", "[ab]-$", "%a+$",
  "*", "+", "-", "?", "a**", "a*+", "a-?", "a?*", "x*y*z*", "^a-$",
}
for _, s in ipairs(q_subjects) do
  for _, p in ipairs(q_patterns) do
    match(s, p)
  end
end
for _, p in ipairs{ "a*", "a+", "a-", "a?", ".-", "b*a", "(a-)b" } do
  find("xaab ab aaab", p)
  gmatch("xaab ab aaab", p)
end

---------------------------------------------------------------------------
-- 4. Anchors.
---------------------------------------------------------------------------
for _, p in ipairs{ "^abc", "^bc", "abc$", "ab$", "^abc$", "^", "$", "^$",
                    "a$b", "^^", "%^", "$$", "^a*$", "b^", "%$", "^%^" } do
  find("abc", p)
  find("^abc$", p)
  match("abc", p)
  gmatch("abc^abc$", p)
  gsub("abc abc", p, "!")
end
find("abc", "^b", 2)
match("abc", "^b", 2)
gsub("aaa", "^a", "b")
gsub("aaa", "^a*", "b")
gsub("", "^", "x")
gsub("abc", "$", "x")
gsub("abc", "^", "x")

---------------------------------------------------------------------------
-- 5. Captures: nested, position, back-references, limits.
---------------------------------------------------------------------------
match("hello world", "(h)(e)(l)(l)(o)")
match("hello world", "((h)(e))")
match("hello world", "(h(e(l(l(o)))))")
match("hello world", "()ll()")
find("hello world", "()ll()")
find("hello world", "(l)(l)")
match("hello world", "(o)(.-)%1")
match("key = value", "(%w+)%s*=%s*(%w+)")
match("abcabc", "(abc)%1")
match("abcabd", "(abc)%1")
match("xyyx", "(.)(.)%2%1")
match("aa", "(a)%1*")
match("aa*", "(a)%1*")
match("abc", "()")
match("abc", "()", 4)
match("abc", "()", 5)
match("abc", "(()a())")
find("abc", "(()b)")
match("abc", "()%1")
match("abc", "(a)%2")
match("abc", "%1(a)")
match("abc", "(a%1)")
match("abc", "%0")
match("abc", "(a")
match("abc", "a)")
match("abc", "((a)")
match("abc", "(a))")
match("abc", "(")
match("abc", ")")
find("abc", "(a")
gsub("abc", "(b", "x")
gsub("abc", "(b", "%1")
gsub("abc", "(b", {})
gsub("abc", "(b", function(...) return select('#', ...) end)
gmatch("abc", "(b")
match(("a"):rep(40), ("(a)"):rep(32))
match(("a"):rep(40), ("(a)"):rep(33))
match(("a"):rep(40), ("()"):rep(32))
match(("a"):rep(40), ("()"):rep(33))
match("the quick brown fox", "(%a+) (%a+) (%a+) (%a+)")
match("2024-01-15", "^(%d+)-(%d+)-(%d+)$")
match("  trim me  ", "^%s*(.-)%s*$")
match("[[nested]]", "%[(%b[])%]")
match("abcde", "(a)(b)(c)(d)(e)")
match("date: 10/11/12", "(%d+)/(%d+)/(%d+)")
gsub("abc", "%w", "%1%1")
gsub("abc", "(%w)", "%1-")
gsub("hello world", "(o)", "[%1]")
gsub("abc", "()", "%1")
gsub("abc", "()b()", "%2%1")

---------------------------------------------------------------------------
-- 6. Recursion depth (200 nested calls, like stock Lua).
---------------------------------------------------------------------------
for _, k in ipairs{ 1, 100, 198, 199, 200, 201, 250 } do
  snippet("depth a? x" .. k, function()
    return #string.match(("a"):rep(k), ("a?"):rep(k))
  end)
  snippet("depth a* x" .. k, function()
    return select('#', string.match(("a"):rep(k), ("a*"):rep(k)))
  end)
end
snippet("depth shallow when unmatched", function()
  return string.match("", ("a?"):rep(500))
end)
snippet("depth a- chain", function()
  return string.match(("a"):rep(210), ("a-"):rep(210) .. "$")
end)

---------------------------------------------------------------------------
-- 7. %b balanced matches.
---------------------------------------------------------------------------
for _, p in ipairs{ "%b()", "%b[]", "%b{}", "%bxx", "%b)(", "%b((", "(%b())",
                    "%b()%b()", "f%b()", "%b%%" } do
  local subj = "f(a(b)c) (x) [y[z]] {q}} xax xx )( ((%a%)"
  find(subj, p)
  gmatch(subj, p)
  gsub(subj, p, "#")
end
find("((((", "%b()")
find("(()", "%b()")
find("", "%b()")
for _, bad in ipairs{ "%b", "%b(", "x%b" } do
  find("(x)", bad)
  find("", bad)
end
match("x(", "x%b(")

---------------------------------------------------------------------------
-- 8. %f frontiers.
---------------------------------------------------------------------------
local fr = "THE (quick) fox_jumps over\0the lazy-dog's 123back"
for _, p in ipairs{ "%f[%a]%a+", "%f[%w]%w+", "%f[%W]", "%f[%a]", "%f[%A]",
                    "%f[%l]", "%f[^%z]", "%f[%z]", "%f[%d]%d+", "%f[a-z]",
                    "%f[^%s]%S+", "%f[%a]%a+%f[%A]", "%f[.]", "%f[]]", "%f[\0]" } do
  find(fr, p)
  gmatch(fr, p)
  gsub(fr, p, "|")
end
gsub("THE (quick) fox", "%f[%a]%a+", "W")
find("abc", "%f[%z]")
find("", "%f[%z]")
find("", "%f[^%z]")
for _, bad in ipairs{ "%f", "%fa", "%f[a", "%f%a", "x%f" } do
  find("abc", bad)
  find("", bad)
end
find("xyz", "a%f")

---------------------------------------------------------------------------
-- 9. init arguments and plain find.
---------------------------------------------------------------------------
local inits = { 1, 2, 3, 5, 6, 7, 100, 0, -1, -2, -5, -6, -7, -100, 2.0,
                (-0x7fffffffffffffff - 1), 0x7fffffffffffffff }
for _, i in ipairs(inits) do
  find("hello", "l", i)
  find("hello", "", i)
  find("hello", "l+", i)
  find("hello", "", i, true)
  match("hello", ".", i)
  match("hello", "()", i)
  gmatch("hello", ".", i)
  gmatch("hello", "", i)
end
for _, bad in ipairs{ 1.5, "x", {}, "2" } do
  find("hello", "l", bad)
  match("hello", "l", bad)
  gmatch("hello", "l", bad)
end
find("a.b", ".", 1, true)
find("a.b", ".", 1, false)
find("a.b", ".", 1, nil)
find("a.b", ".", 1, 0)
find("a.b", ".", 1, "")
find("a+b", "+b", 1, true)
find("a%b", "%b", 1, true)
find("a(b", "(", 1, true)
find("a[b", "[", 1, true)
find("abc", "b)")
find("abc", "b]")
find("a]c", "]")
find("abcabc", "cab")
find("abcabc", "abc", 2)
find("abcabc", "abc", -3)
find("abc", "abcd")
find("abc", "abc", 2)
find("", "")
find("", "", 2)
find("", "a")
find("\0a\0b", "\0b")
find("\0a\0b", "\0b", 1, true)
find("abab", "ab", 3, true)
find(("ab"):rep(50), ("ab"):rep(10) .. "x", 1, true)
find(("a"):rep(3000) .. "b", ("a"):rep(2000) .. "b", 1, true)
find(("a"):rep(3000) .. "b", ("a"):rep(2000) .. "b")
find("x" .. ("a"):rep(2500), ("a"):rep(2500))

---------------------------------------------------------------------------
-- 10. gsub replacements.
---------------------------------------------------------------------------
gsub("hello world", "o", "0")
gsub("hello world", "o", "%%")
gsub("hello world", "o", "%0%0")
gsub("hello world", "(o)", "%1%1")
gsub("hello world", "(l)(l)", "%2%1")
gsub("hello world", "l", "%1")
gsub("hello world", "l", "%2")
gsub("hello world", "(l)", "%2")
gsub("hello world", "l", "%")
gsub("hello world", "l", "x%")
gsub("hello world", "l", "%a")
gsub("hello world", "l", "%\0")
gsub("hello world", "x", "%a")
gsub("hello world", "", "%")
gsub("hello world", "o", "\0")
gsub("hello world", "o", 7)
gsub("hello world", "o", 1.5)
gsub("hello world", "o", 2^63)
gsub("hello world", "o", -0.0)
gsub("hello world", "(o)()", "%2")
gsub("hello world", "%w+", "<%0>")
gsub("hello world", "%w*", "x")
gsub("hello world", "%w-", "x")
gsub("hello world", "", "-")
gsub("", "", "-")
gsub("", "x*", "-")
gsub("abc", ".-", "-")
gsub("abc", "b*", "-")
gsub("abc", "x*", "-")
gsub("a b c", " ?", "_")
gsub("hello world", "o", "0", 0)
gsub("hello world", "o", "0", 1)
gsub("hello world", "o", "0", 2)
gsub("hello world", "o", "0", 3)
gsub("hello world", "o", "0", -1)
gsub("hello world", "o", "0", 1.0)
gsub("hello world", "o", "0", "1")
gsub("hello world", "o", "0", 1.5)
gsub("hello world", "o", "0", "x")
gsub("hello world", "o", "0", 0x7fffffffffffffff)
gsub("hello world", "o", "0", (-0x7fffffffffffffff - 1))
gsub("hello world", "", "-", 3)
gsub("hello world", "%w*", "x", 2)

local tbl = { hello = "HI", world = false, o = 0, l = 1.5, x = {}, ["1"] = "one" }
gsub("hello world", "%w+", tbl)
gsub("hello world", "o", tbl)
gsub("hello world", "l", tbl)
gsub("hello world x", "x", tbl)
gsub("hello world", "(h)(e)", tbl)
gsub("hello world", "()", tbl)
gsub("a1b2", "%d", tbl)
gsub("hello", "", tbl)

gsub("hello world", "%w+", function(w) return w:upper() end)
gsub("hello world", "%w+", function(w) return #w end)
gsub("hello world", "%w+", function(w) return w == "hello" end)
gsub("hello world", "%w+", function(w) if w == "world" then return "W" end end)
gsub("hello world", "%w+", function() return nil end)
gsub("hello world", "%w+", function() return false end)
gsub("hello world", "%w+", function() return true end)
gsub("hello world", "%w+", function() return {} end)
gsub("hello world", "%w+", function() local t = nil; return t.boom end)
gsub("hello world", "%w+", function(w) return w .. {} end)
gsub("hello world", "(%w)(%w*)", function(a, b) return b .. a end)
gsub("hello world", "()(%w+)()", function(a, w, b) return a .. w .. b end)
gsub("hello world", "%w+", function(...) return select('#', ...) end)
gsub("hello", "", function(...) return "[" .. select('#', ...) .. "]" end)
gsub("abc", "%w", function(c) return string.gsub(c, ".", "%0%0") end)
gsub("abc", "%w", function(c) return (string.find("xbx", c)) end)
gsub("x = 1, y = 2", "(%w+) = (%w+)", "%2 = %1")
gsub("$name is $age", "%$(%w+)", { name = "Ann", age = 7 })
gsub("hello world", "o", "0", 1)

for _, bad in ipairs{ true, nil, false } do
  gsub("hello", "l", bad)
end
gsub("hello", "l", {}, "x")
gsub("hello", "l")
gsub("hello")
gsub()
gsub(nil, "x", "y")
gsub("x", nil, "y")
gsub(123, 2, 9)
gsub(12.5, "%.", ",")

---------------------------------------------------------------------------
-- 11. Empty matches in gmatch and gsub (5.4 rules).
---------------------------------------------------------------------------
for _, p in ipairs{ "", "%w*", "%w-", "a*", "a?", "()", "(%w*)", "x*",
                    ".-", "%f[%w]", "%f[%W]", "a*()" } do
  gmatch("hello world", p)
  gsub("hello world", p, "|")
  gmatch("aaa", p)
  gsub("aaa", p, "<%0>")
  gmatch("", p)
  gsub("", p, "<%0>")
end
gmatch("abc", "", 4)
gmatch("abc", "", 5)
gmatch("abc", "", -1)
gmatch("abc", "()", 2)
gmatch("a,b,,c", "([^,]*)")
gsub("a,b,,c", "[^,]*", "<%0>")
gmatch("one two  three", "%a+")
gmatch("key=val; k2=v2", "(%w+)=(%w+)")
gmatch("a1b22c333", "%a(%d+)")
gmatch("THE (quick) fox", "%f[%a]%a+")

snippet("gmatch after end keeps returning nothing", function()
  local it = string.gmatch("ab", ".")
  return it(), it(), it(), it()
end)
snippet("gmatch iterator errors", function()
  local it = string.gmatch("abc", "b%")
  return it()
end)
snippet("gmatch error is repeatable", function()
  local it = string.gmatch("abc", "(b")
  local a, e1 = pcall(it)
  local b, e2 = pcall(it)
  return a, strip(e1), b, strip(e2)
end)
snippet("gmatch nested iteration", function()
  local out = {}
  for w in string.gmatch("ab cd", "%a+") do
    for c in string.gmatch(w, ".") do out[#out + 1] = c end
  end
  return table.concat(out, ",")
end)
snippet("gmatch with number subject", function()
  return drain(string.gmatch(12345, "%d%d"))
end)
snippet("gmatch with bad args", function() return string.gmatch() end)
snippet("gmatch bad pattern type", function() return string.gmatch("x", {}) end)

---------------------------------------------------------------------------
-- 12. Non-ASCII and binary bytes.
---------------------------------------------------------------------------
local bin = "a\0b\0\0c\255\128\1\n\r\t\"\\"
for _, p in ipairs{ "\0", "\0+", "%z+", "[\0]+", "[^\0]+", "\0b\0", "%c+",
                    "[\128-\255]+", "\255", "[\255]", ".\0", "%S+", "%s+",
                    "(\0)(.)%1", "%b\0\0", "%f[\0]", "%f[%z]", "%f[^%z]",
                    "\n", "\\", "\"", "%\255", "[%\0]", "^a\0" } do
  find(bin, p)
  gmatch(bin, p)
  gsub(bin, p, "<%0>")
end
match("caf\195\169 na\195\175ve", "[\128-\255]+")
gsub("caf\195\169", "[\192-\255][\128-\191]*", "?")
match("\xE2\x82\xAC100", "^\xE2\x82\xAC(%d+)$")
find("abc\0def", "c\0d")
find("abc\0def", "c%zd")
find("abc\0def", "\0", 1, true)
match("abc\0def", "%Z+")
match("abc\0def", ".-%z(.*)")
gsub("abc\0def", "%z", "\\0")
find("a\0", "a\0$")
find("a\0", "a$")
match("x\0y", "x[%z]y")

---------------------------------------------------------------------------
-- 13. Malformed patterns and other errors.
---------------------------------------------------------------------------
for _, bad in ipairs{ "%", "a%", "(%", "[a-z", "[%a", "%b", "%bx", "%f",
                      "%fx", "%1", "%0", "(a)%2", "(()", "(a", "a)", ")",
                      "%f[a", "(a%1)" } do
  find("abc", bad)
  find("xyz", bad)
  find("", bad)
  match("abc", bad)
  gsub("abc", bad, "x")
  gmatch("abc", bad)
end
find("abc", "%", 10)
match("abc", "(", 10)
find()
find("x")
find(nil, "x")
find("x", nil)
find({}, "x")
find("x", {})
find(12, 2)
find(1.5, ".")
match()
match("x")
match(10, "0")
snippet("method find", function() return ("hello"):find("l") end)
snippet("method match", function() return ("hello"):match("(h)(e)") end)
snippet("method gsub", function() return ("hello"):gsub("l", "L") end)
snippet("method gmatch", function() return drain(("a b"):gmatch("%a")) end)
snippet("method bad arg", function() return ("hello"):find({}) end)
snippet("method bad init", function() return ("hello"):match("l", "z") end)

---------------------------------------------------------------------------
-- 14. Assorted realistic patterns.
---------------------------------------------------------------------------
local text = "GET /index.html?x=1&y=two HTTP/1.1\r\nHost: example.com\r\n\r\n"
match(text, "^(%u+) (%S+) HTTP/(%d)%.(%d)")
match(text, "Host: ([^\r]+)")
gmatch(text, "[?&](%w+)=(%w+)")
gsub(text, "\r\n", "|")
match("  x = { 1, 2, 3 }  ", "{(.-)}")
gsub("CamelCaseString", "(%u)", " %1")
gsub("snake_case_here", "_(%a)", function(c) return c:upper() end)
match("192.168.1.254", "^(%d+)%.(%d+)%.(%d+)%.(%d+)$")
match("user@example.org", "^([%w%.%-_]+)@([%w%.%-]+)$")
gsub("a,b;c d", "[,; ]", "")
match("-12.5e+3", "^([+-]?)(%d+)%.?(%d*)[eE]?([+-]?%d*)$")
match("0x1F", "^0[xX](%x+)$")
gsub("tab\tsep\tvalues", "\t", "  ")
match("path/to/file.tar.gz", "([^/]+)$")
match("path/to/file.tar.gz", "^(.-)([^/]*)$")
match("path/to/file.tar.gz", "%.([^.]*)$")
gsub("aaa", "a", "b", 2)
gsub("((a))", "%b()", "x")
match("end", "^(.-)$")
match("  ", "^%s*$")
match("--comment", "^%-%-(.*)")
gsub("x-y-z", "%-", "+")
gsub("x.y.z", "%.", "%%")
match("[tag]", "^%[(.*)%]$")
find("a+b=c", "+", 1, true)
find("a+b=c", "%+")
gsub("one two three", "(%w+) (%w+)", "%2 %1")

---------------------------------------------------------------------------
-- 15. Deterministic fuzzing: random patterns and subjects from a small,
-- match-prone alphabet.  Short subjects keep the stock matcher fast even
-- for nested quantifiers.
---------------------------------------------------------------------------
local seed = 20240611
local function rand(n)          -- 1..n, LCG in 64-bit integer arithmetic
  seed = (seed * 6364136223846793005 + 1442695040888963407)
  return ((seed >> 33) % n) + 1
end
local function pick(t) return t[rand(#t)] end

local ptoks = {
  "a", "b", "c", "x", " ", "\0", ".", "%a", "%d", "%s", "%w", "%W", "%p",
  "[ab]", "[^a]", "[a-c]", "[%d ]", "[]]", "[-a]", "(", ")", "()", "%1",
  "%2", "%b()", "%bab", "%f[%w]", "%f[%W]", "%f[a]", "*", "+", "-", "?",
  "^", "$", "%", "[", "]", "%%", "%.", "1", "2", "(a)", "(.)", "a*", "b+",
  ".-", "a?", "%d+", "%a-",
}
local stoks = { "a", "b", "c", "x", " ", "1", "2", "(", ")", ".", "%",
                "\0", "ab", "aa", "ba" }
local repls = { "<%0>", "%1", "x", "%2%1", "%", "%%", "", "[%1]",
                "%9", "-%0-" }
local inits_f = { nil, 1, 2, 3, -1, -2, 0, 7, 20 }

for _ = 1, 1500 do
  local pt = {}
  for k = 1, rand(6) do pt[k] = pick(ptoks) end
  local p = table.concat(pt)
  local st = {}
  for k = 1, rand(9) - 1 do st[k] = pick(stoks) end
  local s = table.concat(st)
  local which = rand(7)
  if which == 1 then
    find(s, p, inits_f[rand(#inits_f)])
  elseif which == 2 then
    match(s, p, inits_f[rand(#inits_f)])
  elseif which == 3 then
    gmatch(s, p, inits_f[rand(#inits_f)])
  elseif which == 4 then
    gsub(s, p, pick(repls))
  elseif which == 5 then
    gsub(s, p, pick(repls), rand(4) - 1)
  elseif which == 6 then
    gsub(s, p, function(...)
      local n = select('#', ...)
      local parts = {}
      for k = 1, n do parts[k] = tostring((select(k, ...))) end
      if n % 2 == 0 then return nil end
      return "{" .. table.concat(parts, ",") .. "}"
    end)
  else
    find(s, p, inits_f[rand(#inits_f)], rand(2) == 1)
  end
end

print("cases", count)
