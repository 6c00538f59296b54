-- How the REPL shows values: tables with sorted keys, nested and indented when they do not fit
-- the terminal's width, cycles marked, long lists cut short, and colour on a terminal.
-- This chunk returns `evaluate(chunk, width, colour)`, which runs the line's chunk and returns the
-- rendering of its results (nil when there are none).
local type, tostring, pairs, ipairs, getmetatable = type, tostring, pairs, ipairs, getmetatable
local format, rep, concat, sort = string.format, string.rep, table.concat, table.sort
local math_type, pack = math.type, table.pack

local MAX_ITEMS = 50
local palette = {
  string = "\27[32m", number = "\27[36m", boolean = "\27[35m", ["nil"] = "\27[35m",
  key = "\27[33m", other = "\27[90m", reset = "\27[0m",
}

local function paint(colour, kind, text)
  if not colour then return text end
  return (palette[kind] or palette.other) .. text .. palette.reset
end

local function is_identifier(key)
  return type(key) == "string" and key:match("^[%a_][%w_]*$") ~= nil
end

local function key_order(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return ta < tb end
  if ta == "number" or ta == "string" then return a < b end
  return tostring(a) < tostring(b)
end

local function scalar(value, colour)
  local kind = type(value)
  if kind == "string" then return paint(colour, "string", format("%q", value):gsub("\\\n", "\\n")) end
  if kind == "number" then
    return paint(colour, "number", math_type(value) == "float" and format("%.14g", value):find("[%.eEn]") == nil
      and format("%.1f", value) or tostring(value))
  end
  if kind == "boolean" or kind == "nil" then return paint(colour, kind, tostring(value)) end
  -- The only userdata without a metatable a script can hold is json.null.
  if kind == "userdata" and getmetatable(value) == nil then return paint(colour, "other", "json.null") end
  return paint(colour, "other", tostring(value))
end

local render

--- The entries of a table as rendered strings: the list part first, then sorted keys.
local function entries(t, indent, width, colour, seen)
  local parts, count = {}, #t
  for i = 1, count do
    if i > MAX_ITEMS then
      parts[#parts + 1] = paint(colour, "other", format("… %d more", count - MAX_ITEMS))
      break
    end
    parts[#parts + 1] = render(t[i], indent + 2, width, colour, seen)
  end
  local keys = {}
  for k in pairs(t) do
    if not (math_type(k) == "integer" and k >= 1 and k <= count) then keys[#keys + 1] = k end
  end
  sort(keys, key_order)
  for index, k in ipairs(keys) do
    if index > MAX_ITEMS then
      parts[#parts + 1] = paint(colour, "other", format("… %d more", #keys - MAX_ITEMS))
      break
    end
    local label = is_identifier(k) and paint(colour, "key", k) or ("[" .. scalar(k, colour) .. "]")
    parts[#parts + 1] = label .. " = " .. render(t[k], indent + 2, width, colour, seen)
  end
  return parts
end

local function visible_length(text)
  return #text:gsub("\27%[[%d;]*m", "")
end

render = function(value, indent, width, colour, seen)
  if type(value) ~= "table" then return scalar(value, colour) end
  if seen[value] then return paint(colour, "other", "<cycle>") end
  seen[value] = true
  local parts = entries(value, indent, width, colour, seen)
  seen[value] = nil
  if #parts == 0 then return "{}" end
  local flat = "{ " .. concat(parts, ", ") .. " }"
  if indent + visible_length(flat) <= width and not flat:find("\n") then return flat end
  local pad = rep(" ", indent + 2)
  return "{\n" .. pad .. concat(parts, ",\n" .. pad) .. "\n" .. rep(" ", indent) .. "}"
end

return function(chunk, width, colour)
  local results = pack(chunk())
  if results.n == 0 then return nil end
  local shown = {}
  for i = 1, results.n do shown[i] = render(results[i], 0, width, colour, {}) end
  return concat(shown, "\t")
end
