/// The Lua side of a playbook run: it runs the file's top level (which declares the playbook and
/// its schedules; for `onair run`, a file that declares none is a plain script and ends there),
/// picks the playbook, starts the run, gives its `run(ctx, args)` a `ctx`, and when `run` ends,
/// however it ends, tears down what the run created, newest first: a step's own `:undo` where it
/// has one, the built-in teardown otherwise. What it cannot tear down (a limit, Ctrl-C) the
/// engine tears down after it (`PlaybookRunner`).
///
/// The engine's functions arrive as the global `__onair_run`, which the driver takes and removes
/// before the file runs, so scripts cannot reach them.
enum PlaybookDriver {
    /// Lua that makes `playbook "name" {...}` also collect what it declares, in order, in
    /// `declared` (for the driver and for `PlaybookFile.inspect`).
    static let collecting = #"""
        local declared, scheduled_functions = {}, {}
        for _, kind in ipairs({ "at", "weekly", "cron", "every" }) do
          local declare_trigger = schedule[kind]
          schedule[kind] = function(when, target, options)
            if type(target) == "function" then scheduled_functions[#scheduled_functions + 1] = target end
            return declare_trigger(when, target, options) -- a tail call: errors name the script's line
          end
        end
        local declare = playbook
        function playbook(name)
          local make = declare(name)
          return function(options)
            local p = make(options)
            declared[#declared + 1] = p
            return p
          end
        end

        """#

    static let source = #"""
        local chunk = ...
        local run = __onair_run
        __onair_run = nil
        local type, error, pcall, tostring, ipairs, setmetatable, getmetatable, select =
          type, error, pcall, tostring, ipairs, setmetatable, getmetatable, select
        local pack, unpack = table.pack, table.unpack

        """# + collecting + #"""
        local results = pack(chunk())
        if #declared == 0 and run.plain() then
          -- Not a playbook file: a plain script, which has run.
          return unpack(results, 1, results.n)
        end

        -- A function a trigger runs is a playbook too, under the trigger's label.
        for i, label in ipairs(run.function_triggers()) do
          local fn = scheduled_functions[i]
          if fn then declared[#declared + 1] = { name = label, run = function(ctx, a) return fn(ctx, a) end } end
        end

        local wanted = run.wanted()
        local chosen
        for _, p in ipairs(declared) do
          if wanted == nil or p.name == wanted then chosen = p break end
        end
        if chosen == nil then
          if wanted then error("no playbook \"" .. wanted .. "\" in this file", 0) end
          error("this file declares no playbook (playbook \"name\" { ... } with a run function)", 0)
        end
        if type(chosen.run) ~= "function" then
          error("playbook \"" .. chosen.name .. "\" has no run function (function show.run(ctx, args) ... end)", 0)
        end

        local undos, undo_order = {}, {}
        local function set_undo(key, value, fn, level)
          if type(fn) ~= "function" then error(":undo: expected a function, got " .. type(fn), level) end
          if undos[key] == nil then undo_order[#undo_order + 1] = key end
          undos[key] = { fn = fn, value = value }
          run.undo(key)
        end
        local function with_undo(key, value)
          if type(value) == "table" and getmetatable(value) == nil then
            setmetatable(value, { __index = { undo = function(self, fn)
              set_undo(key, self, fn, 2)
              return self
            end } })
          end
          return value
        end

        local run_args = run.start(chosen.name)
        local ctx = { playbook = chosen.name, run_id = run.id() }
        function ctx:step(name, fn, options)
          if type(name) ~= "string" or name == "" then error("ctx:step: argument #1: expected a step name", 2) end
          if type(fn) ~= "function" then error("ctx:step \"" .. name .. "\": argument #2: expected a function", 2) end
          if options ~= nil and type(options) ~= "table" then error("ctx:step \"" .. name .. "\": argument #3: expected a table of options", 2) end
          local state, key, value = run.begin(name)
          if state == "done" then
            if options and options.undo then set_undo(key, value, options.undo, 2) end
            return with_undo(key, value)
          elseif state == "failed" then
            error(value, 0)
          end
          local ok, result = pcall(fn, key)
          if not ok then
            run.fail(key, name, result)
            error(result, 0)
          end
          run.complete(key, name, result)
          if options and options.undo then set_undo(key, result, options.undo, 2) end
          return with_undo(key, result)
        end
        function ctx:hold(d) return run.hold(d) end
        function ctx:now() return run.now() end
        function ctx:log(message, fields) return run.log(message, fields) end

        local ok, err = pcall(chosen.run, ctx, run_args)

        -- Teardown, newest first. A step's undo runs once, at the place of its newest resource
        -- (or, if it created none, after the others).
        local done = {}
        for _, entry in ipairs(run.teardown_order()) do
          local u = entry.step and undos[entry.step]
          if u then
            if not done[entry.step] then
              done[entry.step] = true
              local uok, uerr = pcall(u.fn, u.value)
              if uok then run.undone(entry.step) else run.undo_failed(entry.step, uerr) end
            end
          else
            run.teardown(entry.id)
          end
        end
        for i = #undo_order, 1, -1 do
          local key = undo_order[i]
          if not done[key] then
            done[key] = true
            local u = undos[key]
            local uok, uerr = pcall(u.fn, u.value)
            if not uok then run.undo_failed(key, uerr) end
          end
        end

        if not ok then error(err, 0) end
        """#
}
