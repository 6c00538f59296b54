/*
 * Sandboxed replacements for library functions. Each exists for a reason a script could abuse:
 *   print            writes through the host, not to the process's stdout directly
 *   load             text chunks only, and only with an explicit environment
 *   collectgarbage   "count" only: a script may not stop or tune the collector
 *   coroutine.*      resume/wrap forward host parks upwards, so provider calls work inside a
 *                    script's own generators; close is depth-limited (Lua 5.4.4 bug: nested
 *                    coroutine.close overflows the C stack)
 *   require          modules come from the host (stdlib or files next to the script), as text
 *   string.rep       empty pieces return at once; long copies check the limits
 *   table.insert/remove/move   their loops check the limits (a __len of 2^53 would spin in C)
 *   debug.traceback  the only debug function a script gets
 */
#ifndef CLUA_STDLIB_H
#define CLUA_STDLIB_H

#include <stdint.h>
#include <string.h>
#include <lua5.4/lua.h>
#include <lua5.4/lauxlib.h>
#include "clua_sandbox.h"
#include "clua_boundary.h"

#define CLUA_MAX_CLOSE_DEPTH 64
#define CLUA_TICK_MASK 0x3ff

/* ---------- print ---------- */

static int clua_print(lua_State *L) {
  int n = lua_gettop(L);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (int i = 1; i <= n; i++) {
    if (i > 1) luaL_addchar(&b, '\t');
    luaL_tolstring(L, i, NULL);
    luaL_addvalue(&b);
  }
  luaL_addchar(&b, '\n');
  luaL_pushresult(&b);
  size_t length;
  const char *text = lua_tolstring(L, -1, &length);
  clua_sandbox *sb = clua_sb(L);
  if (sb->write) {
    sb->host_depth++;
    sb->write(sb->host, text, length);
    sb->host_depth--;
  }
  return 0;
}

/* ---------- load ---------- */

static int clua_load(lua_State *L) {
  size_t length;
  const char *chunk = lua_tolstring(L, 1, &length);
  if (chunk == NULL || lua_type(L, 1) != LUA_TSTRING)
    return luaL_error(L, "load: argument #1: expected a string chunk (reader functions are not available in the sandbox)");
  const char *name = luaL_optstring(L, 2, chunk);
  const char *mode = luaL_optstring(L, 3, "t");
  if (strchr(mode, 't') == NULL)
    return luaL_error(L, "load: binary chunks are not allowed in the sandbox (mode must be \"t\")");
  if (lua_gettop(L) < 4)
    return luaL_error(L, "load: argument #4: an explicit environment table is required in the sandbox, "
                         "for example load(code, name, \"t\", {})");
  int status = luaL_loadbufferx(L, chunk, length, name, "t");
  if (status != LUA_OK) {
    luaL_pushfail(L);
    lua_insert(L, -2);
    return 2;
  }
  lua_pushvalue(L, 4);
  if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
  return 1;
}

/* ---------- collectgarbage ---------- */

static int clua_collectgarbage(lua_State *L) {
  const char *option = luaL_optstring(L, 1, "count");
  if (strcmp(option, "count") != 0)
    return luaL_error(L, "collectgarbage: only \"count\" is available in the sandbox (got \"%s\")", option);
  int kb = lua_gc(L, LUA_GCCOUNT);
  int bytes = lua_gc(L, LUA_GCCOUNTB);
  lua_pushnumber(L, (lua_Number)kb + ((lua_Number)bytes / 1024));
  return 1;
}

/* ---------- debug.traceback ---------- */

static int clua_traceback(lua_State *L) {
  if (!lua_isnoneornil(L, 1) && lua_type(L, 1) != LUA_TSTRING && lua_type(L, 1) != LUA_TNUMBER) {
    lua_settop(L, 1);
    return 1; /* a non-string message is returned untouched, as Lua's own traceback does */
  }
  const char *message = lua_tostring(L, 1);
  int level = (int)luaL_optinteger(L, 2, 1);
  luaL_traceback(L, L, message, level);
  return 1;
}

/* ---------- coroutines ---------- */

enum { CLUA_CO_RESUME = 0, CLUA_CO_WRAP = 1 };

static int clua_co_continue(lua_State *L, int status, lua_KContext ctx);

static lua_State *clua_check_co(lua_State *L, int index) {
  lua_State *co = lua_tothread(L, index);
  luaL_argexpected(L, co != NULL, index, "coroutine");
  return co;
}

/* Returns NULL when co may be resumed, else the reason. */
static const char *clua_co_unresumable(lua_State *L, lua_State *co) {
  lua_Debug ar;
  intptr_t flags = clua_thread_flags(co);
  if (flags & CLUA_THREAD_TASK) return "cannot resume a task (use task:wait())";
  if (flags & CLUA_THREAD_PARKED) return "cannot resume a coroutine that is waiting on a host call";
  if (co == L) return "cannot resume non-suspended coroutine";
  switch (lua_status(co)) {
    case LUA_YIELD: return NULL;
    case LUA_OK:
      if (lua_getstack(co, 0, &ar)) return "cannot resume non-suspended coroutine";
      if (lua_gettop(co) == 0) return "cannot resume dead coroutine";
      return NULL;
    default: return "cannot resume dead coroutine";
  }
}

static int clua_co_reset(lua_State *L, lua_State *co) {
  clua_sandbox *sb = clua_sb(L);
  if (sb->close_depth >= CLUA_MAX_CLOSE_DEPTH)
    return luaL_error(L, "coroutine.close nested too deeply (more than %d levels)", CLUA_MAX_CLOSE_DEPTH);
  sb->close_depth++;
  clua_set_current(sb, co);
  int status = lua_resetthread(co);
  clua_set_current(sb, L);
  sb->close_depth--;
  return status;
}

/* Resumes co with narg values already moved onto its stack and shapes the results for
   coroutine.resume (mode RESUME) or a coroutine.wrap function (mode WRAP). If co parked on the
   host, this thread parks too and continues in clua_co_continue when the host resumes it. */
static int clua_co_step(lua_State *L, lua_State *co, int narg, int mode) {
  clua_sandbox *sb = clua_sb(L);
  int parkable = sb->chain_parkable;
  sb->chain_parkable = parkable && lua_isyieldable(L);
  clua_set_current(sb, co);
  int nres = 0;
  int status = lua_resume(co, L, narg, &nres);
  clua_set_current(sb, L);
  sb->chain_parkable = parkable;
  if (clua_stop_kind(sb) != CLUA_STOP_NONE || __atomic_load_n(&sb->cancel_pending, __ATOMIC_ACQUIRE))
    clua_arm_hook(L);

  if (status == LUA_YIELD && nres == 1 && lua_type(co, -1) == LUA_TLIGHTUSERDATA &&
      lua_touserdata(co, -1) == clua_park_sentinel(L)) {
    lua_pop(co, 1);
    clua_set_thread_flags(co, clua_thread_flags(co) | CLUA_THREAD_PARKED);
    lua_settop(L, mode == CLUA_CO_RESUME ? 1 : 0);
    lua_pushlightuserdata(L, clua_park_sentinel(L));
    return lua_yieldk(L, 1, (lua_KContext)mode, clua_co_continue);
  }
  if (status == LUA_OK || status == LUA_YIELD) {
    if (!lua_checkstack(L, nres + 1)) {
      lua_pop(co, nres);
      return luaL_error(L, "too many results to resume");
    }
    if (mode == CLUA_CO_RESUME) lua_pushboolean(L, 1);
    lua_xmove(co, L, nres);
    return mode == CLUA_CO_RESUME ? nres + 1 : nres;
  }
  /* the coroutine died with an error */
  if (mode == CLUA_CO_RESUME) {
    lua_pushboolean(L, 0);
    lua_xmove(co, L, 1);
    return 2;
  }
  int closed = clua_co_reset(L, co); /* close its pending to-be-closed variables */
  (void)closed;
  lua_xmove(co, L, 1);
  if (lua_type(L, -1) == LUA_TSTRING) {
    luaL_where(L, 1);
    lua_insert(L, -2);
    lua_concat(L, 2);
  }
  return lua_error(L);
}

static int clua_co_continue(lua_State *L, int status, lua_KContext ctx) {
  (void)status;
  int mode = (int)ctx;
  lua_State *co = mode == CLUA_CO_RESUME ? lua_tothread(L, 1) : lua_tothread(L, lua_upvalueindex(1));
  int first = mode == CLUA_CO_RESUME ? 2 : 1;
  int narg = lua_gettop(L) - first + 1;
  clua_set_thread_flags(co, clua_thread_flags(co) & ~(intptr_t)CLUA_THREAD_PARKED);
  if (!lua_checkstack(co, narg)) return luaL_error(L, "too many values to pass to a parked coroutine");
  lua_xmove(L, co, narg);
  return clua_co_step(L, co, narg, mode);
}

static int clua_co_create(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_State *co = lua_newthread(L);
  clua_set_thread_flags(co, 0);
  lua_pushvalue(L, 1);
  lua_xmove(L, co, 1);
  return 1;
}

static int clua_co_resume(lua_State *L) {
  lua_State *co = clua_check_co(L, 1);
  const char *reason = clua_co_unresumable(L, co);
  if (reason != NULL) {
    lua_pushboolean(L, 0);
    lua_pushstring(L, reason);
    return 2;
  }
  int narg = lua_gettop(L) - 1;
  if (!lua_checkstack(co, narg)) {
    lua_pushboolean(L, 0);
    lua_pushliteral(L, "too many arguments to resume");
    return 2;
  }
  lua_xmove(L, co, narg);
  return clua_co_step(L, co, narg, CLUA_CO_RESUME);
}

static int clua_co_wrapped(lua_State *L) {
  lua_State *co = lua_tothread(L, lua_upvalueindex(1));
  const char *reason = clua_co_unresumable(L, co);
  if (reason != NULL) return luaL_error(L, "%s", reason);
  int narg = lua_gettop(L);
  if (!lua_checkstack(co, narg)) return luaL_error(L, "too many arguments to resume");
  lua_xmove(L, co, narg);
  return clua_co_step(L, co, narg, CLUA_CO_WRAP);
}

static int clua_co_wrap(lua_State *L) {
  clua_co_create(L);
  lua_pushcclosure(L, clua_co_wrapped, 1);
  return 1;
}

static int clua_co_yield(lua_State *L) {
  if (clua_thread_flags(L) & CLUA_THREAD_TASK)
    return luaL_error(L, "attempt to yield from outside a coroutine");
  return lua_yield(L, lua_gettop(L));
}

static int clua_co_close(lua_State *L) {
  lua_State *co = clua_check_co(L, 1);
  intptr_t flags = clua_thread_flags(co);
  if (flags & CLUA_THREAD_TASK) return luaL_error(L, "cannot close a task (use task:cancel())");
  if (flags & CLUA_THREAD_PARKED) return luaL_error(L, "cannot close a coroutine that is waiting on a host call");
  lua_Debug ar;
  if (co == L) return luaL_error(L, "cannot close a running coroutine");
  if (lua_status(co) == LUA_OK && lua_getstack(co, 0, &ar))
    return luaL_error(L, "cannot close a normal coroutine");
  int status = clua_co_reset(L, co);
  if (status == LUA_OK) {
    lua_pushboolean(L, 1);
    return 1;
  }
  lua_pushboolean(L, 0);
  lua_xmove(co, L, 1);
  return 2;
}

/* ---------- require ---------- */

/* upvalue 1: the script's table of loaded modules; upvalue 2: the script's environment */
static int clua_require(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  lua_settop(L, 1);
  lua_pushvalue(L, 1);
  if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) {
    if (lua_type(L, -1) == LUA_TLIGHTUSERDATA)
      return luaL_error(L, "require: module '%s' requires itself while it is loading (a require loop)", name);
    return 1;
  }
  lua_pop(L, 1);
  clua_sandbox *sb = clua_sb(L);
  if (sb->host_depth > 0) return clua_refuse_reentry(L); /* see clua_trampoline */
  sb->host_depth++;
  int found = sb->module_source(sb->host, L, name);
  sb->host_depth--;
  if (!found) {
    luaL_where(L, 1);
    lua_insert(L, -2);
    lua_concat(L, 2);
    return lua_error(L);
  }
  size_t length;
  const char *source = lua_tolstring(L, 2, &length);
  const char *chunkname = lua_tostring(L, 3);
  if (luaL_loadbufferx(L, source, length, chunkname, "t") != LUA_OK) return lua_error(L);
  lua_pushvalue(L, lua_upvalueindex(2));
  if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
  lua_pushvalue(L, 1);
  lua_pushlightuserdata(L, clua_park_sentinel(L)); /* "loading" marker */
  lua_rawset(L, lua_upvalueindex(1));
  lua_pushvalue(L, 1);
  lua_pushvalue(L, 3);
  lua_call(L, 2, 1); /* not yieldable, like Lua's own require */
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushboolean(L, 1);
  }
  lua_pushvalue(L, 1);
  lua_pushvalue(L, -2);
  lua_rawset(L, lua_upvalueindex(1));
  lua_pushvalue(L, 3);
  return 2;
}

/* ---------- string.rep ---------- */

static int clua_str_rep(lua_State *L) {
  size_t length, separator_length;
  const char *piece = luaL_checklstring(L, 1, &length);
  lua_Integer count = luaL_checkinteger(L, 2);
  const char *separator = luaL_optlstring(L, 3, "", &separator_length);
  if (count <= 0 || (length == 0 && separator_length == 0)) {
    lua_pushliteral(L, "");
    return 1;
  }
  size_t unit = length + separator_length;
  const size_t max_size = (size_t)(LUA_MAXINTEGER < (lua_Integer)(SIZE_MAX / 2) ? LUA_MAXINTEGER : (lua_Integer)(SIZE_MAX / 2));
  if (unit < length || (lua_Unsigned)count > max_size / unit)
    return luaL_error(L, "resulting string too large");
  size_t total = (size_t)count * length + (size_t)(count - 1) * separator_length;
  luaL_Buffer b;
  char *out = luaL_buffinitsize(L, &b, total);
  for (lua_Integer i = 0; i < count; i++) {
    memcpy(out, piece, length);
    out += length;
    if (separator_length != 0 && i + 1 < count) {
      memcpy(out, separator, separator_length);
      out += separator_length;
    }
    if ((i & 0xffff) == 0xffff) clua_tick(L);
  }
  luaL_pushresultsize(&b, total);
  return 1;
}

/* ---------- table.insert / table.remove / table.move ---------- */

static void clua_check_table_like(lua_State *L, int index, int need_len) {
  if (lua_type(L, index) == LUA_TTABLE) return;
  int ok = 0;
  if (lua_getmetatable(L, index)) {
    lua_pushliteral(L, "__index");
    int has_index = lua_rawget(L, -2) != LUA_TNIL;
    lua_pushliteral(L, "__newindex");
    int has_newindex = lua_rawget(L, -3) != LUA_TNIL;
    lua_pushliteral(L, "__len");
    int has_len = lua_rawget(L, -4) != LUA_TNIL;
    ok = has_index && has_newindex && (!need_len || has_len);
    lua_pop(L, 4);
  }
  if (!ok) luaL_checktype(L, index, LUA_TTABLE);
}

static int clua_tab_insert(lua_State *L) {
  clua_check_table_like(L, 1, 1);
  lua_Integer size = luaL_len(L, 1);
  lua_Integer end = size + 1; /* first empty slot */
  lua_Integer pos;
  switch (lua_gettop(L)) {
    case 2: pos = end; break;
    case 3: {
      pos = luaL_checkinteger(L, 2);
      luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)end, 2, "position out of bounds");
      for (lua_Integer i = end; i > pos; i--) {
        lua_geti(L, 1, i - 1);
        lua_seti(L, 1, i);
        if (((end - i) & CLUA_TICK_MASK) == 0) clua_tick(L);
      }
      break;
    }
    default: return luaL_error(L, "wrong number of arguments to 'insert'");
  }
  lua_seti(L, 1, pos);
  return 0;
}

static int clua_tab_remove(lua_State *L) {
  clua_check_table_like(L, 1, 1);
  lua_Integer size = luaL_len(L, 1);
  lua_Integer pos = luaL_optinteger(L, 2, size);
  if (pos != size)
    luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 2, "position out of bounds");
  lua_geti(L, 1, pos);
  for (; pos < size; pos++) {
    lua_geti(L, 1, pos + 1);
    lua_seti(L, 1, pos);
    if ((pos & CLUA_TICK_MASK) == 0) clua_tick(L);
  }
  lua_pushnil(L);
  lua_seti(L, 1, pos);
  return 1;
}

static int clua_tab_move(lua_State *L) {
  lua_Integer from = luaL_checkinteger(L, 2);
  lua_Integer end = luaL_checkinteger(L, 3);
  lua_Integer to = luaL_checkinteger(L, 4);
  int target = !lua_isnoneornil(L, 5) ? 5 : 1;
  clua_check_table_like(L, 1, 0);
  clua_check_table_like(L, target, 0);
  if (end >= from) {
    luaL_argcheck(L, from > 0 || end < LUA_MAXINTEGER + from, 3, "too many elements to move");
    lua_Integer count = end - from + 1;
    luaL_argcheck(L, to <= LUA_MAXINTEGER - count + 1, 4, "destination wrap around");
    if (to > end || to <= from || (target != 1 && !lua_compare(L, 1, target, LUA_OPEQ))) {
      for (lua_Integer i = 0; i < count; i++) {
        lua_geti(L, 1, from + i);
        lua_seti(L, target, to + i);
        if ((i & CLUA_TICK_MASK) == CLUA_TICK_MASK) clua_tick(L);
      }
    } else {
      for (lua_Integer i = count - 1; i >= 0; i--) {
        lua_geti(L, 1, from + i);
        lua_seti(L, target, to + i);
        if ((i & CLUA_TICK_MASK) == 0) clua_tick(L);
      }
    }
  }
  lua_pushvalue(L, target);
  return 1;
}

/* ---------- opening the sandbox's libraries ---------- */

/* Replaces the functions above in the standard tables of a freshly opened state. [] -> [] */
static inline void clua_install_sandbox_functions(lua_State *L) {
  lua_pushglobaltable(L);
  static const luaL_Reg base[] = {
    {"print", clua_print}, {"load", clua_load}, {"collectgarbage", clua_collectgarbage}, {NULL, NULL}
  };
  luaL_setfuncs(L, base, 0);
  lua_pushnil(L); lua_setfield(L, -2, "dofile");
  lua_pushnil(L); lua_setfield(L, -2, "loadfile");
  lua_pushnil(L); lua_setfield(L, -2, "require");

  lua_getfield(L, -1, "coroutine");
  static const luaL_Reg co[] = {
    {"create", clua_co_create}, {"resume", clua_co_resume}, {"wrap", clua_co_wrap},
    {"yield", clua_co_yield}, {"close", clua_co_close}, {NULL, NULL}
  };
  luaL_setfuncs(L, co, 0);
  lua_pop(L, 1);

  lua_getfield(L, -1, "string");
  static const luaL_Reg str[] = {
    {"rep", clua_str_rep}, {"find", clua_str_find}, {"match", clua_str_match},
    {"gmatch", clua_str_gmatch}, {"gsub", clua_str_gsub}, {NULL, NULL}
  };
  luaL_setfuncs(L, str, 0);
  lua_pushnil(L); lua_setfield(L, -2, "dump");
  lua_pop(L, 1);

  lua_getfield(L, -1, "table");
  static const luaL_Reg tab[] = {
    {"insert", clua_tab_insert}, {"remove", clua_tab_remove}, {"move", clua_tab_move}, {NULL, NULL}
  };
  luaL_setfuncs(L, tab, 0);
  lua_pop(L, 1);

  /* os: only time, date, clock and difftime */
  lua_getfield(L, -1, "os");
  lua_newtable(L);
  static const char *const os_allowed[] = {"time", "date", "clock", "difftime", NULL};
  for (int i = 0; os_allowed[i]; i++) {
    lua_getfield(L, -2, os_allowed[i]);
    lua_setfield(L, -2, os_allowed[i]);
  }
  lua_setfield(L, -3, "os");
  lua_pop(L, 1);

  lua_newtable(L);
  lua_pushcfunction(L, clua_traceback);
  lua_setfield(L, -2, "traceback");
  lua_setfield(L, -2, "debug");
  lua_pop(L, 1);
}

/* Opens only the allowed standard libraries (never io, package or debug). [] -> [] */
static inline int clua_open_sandbox_libraries_protected(lua_State *L) {
  static const luaL_Reg libraries[] = {
    {LUA_GNAME, luaopen_base}, {LUA_COLIBNAME, luaopen_coroutine}, {LUA_TABLIBNAME, luaopen_table},
    {LUA_OSLIBNAME, luaopen_os}, {LUA_STRLIBNAME, luaopen_string}, {LUA_MATHLIBNAME, luaopen_math},
    {LUA_UTF8LIBNAME, luaopen_utf8}, {NULL, NULL}
  };
  for (const luaL_Reg *lib = libraries; lib->func; lib++) {
    luaL_requiref(L, lib->name, lib->func, 1);
    lua_pop(L, 1);
  }
  clua_install_sandbox_functions(L);
  return 0;
}

static int clua_open_sandbox_libraries_entry(lua_State *L) {
  return clua_open_sandbox_libraries_protected(L);
}

/* Host entry: opens the sandbox libraries under a protected call. Returns a Lua status. */
static inline int clua_open_sandbox_libraries(lua_State *L) {
  lua_pushcfunction(L, clua_open_sandbox_libraries_entry);
  return lua_pcall(L, 0, 0, 0);
}

static inline void clua_push_require(lua_State *L, int loaded_index, int env_index) {
  lua_pushvalue(L, loaded_index);
  lua_pushvalue(L, env_index);
  lua_pushcclosure(L, clua_require, 2);
}

/* ---------- resuming from the host ---------- */

/* Host entry: resumes a task thread with the host marked as outside (allocations may be refused,
   errors and yields stop at lua_resume). Returns the Lua status; *nres receives result count. */
static inline int clua_host_resume(lua_State *task, int narg, int *nres) {
  clua_sandbox *sb = clua_sb(task);
  int depth = sb->host_depth;
  sb->host_depth = 0;
  sb->chain_parkable = 1;
  clua_set_current(sb, task);
  if (clua_stop_kind(sb) != CLUA_STOP_NONE || __atomic_load_n(&sb->cancel_pending, __ATOMIC_ACQUIRE))
    clua_arm_hook(task);
  int status = lua_resume(task, NULL, narg, nres);
  clua_set_current(sb, NULL);
  sb->host_depth = depth;
  return status;
}

/* Host entry: closes a dead or suspended task's pending to-be-closed variables, running their
   __close handlers as guest code. Leaves the error object on top on failure. */
static inline int clua_host_reset(lua_State *task) {
  clua_sandbox *sb = clua_sb(task);
  /* A cancellation has been delivered by now (it is why the task ended): the closing handlers
     run undisturbed. A limit stays armed: after a limit nothing more runs. */
  if (clua_stop_kind(sb) == CLUA_STOP_NONE) {
    clua_clear_cancel(sb);
    lua_sethook(task, NULL, 0, 0);
  }
  int depth = sb->host_depth;
  sb->host_depth = 0;
  sb->chain_parkable = 0;
  clua_set_current(sb, task);
  int status = lua_resetthread(task);
  clua_set_current(sb, NULL);
  sb->host_depth = depth;
  return status;
}

/* Host entry: a protected call of host-installed Lua code (module set-up), as guest code. */
static inline int clua_host_pcall(lua_State *L, int nargs, int nresults) {
  clua_sandbox *sb = clua_sb(L);
  int depth = sb->host_depth;
  sb->host_depth = 0;
  clua_set_current(sb, L);
  int status = lua_pcall(L, nargs, nresults, 0);
  clua_set_current(sb, NULL);
  sb->host_depth = depth;
  return status;
}

/* Host entry: closes the state; finalizers run as guest code (the watchdog still watches). */
static inline void clua_host_close(lua_State *L) {
  clua_sandbox *sb = clua_sb(L);
  sb->host_depth = 0;
  clua_set_current(sb, L);
  lua_close(L);
  clua_set_current(sb, NULL);
}

/* True when a yield of the task is a park (one value, the sentinel). */
static inline int clua_is_park(lua_State *task, int nres) {
  return nres == 1 && lua_type(task, -1) == LUA_TLIGHTUSERDATA && lua_touserdata(task, -1) == clua_park_sentinel(task);
}

/* ---------- userdata holding one retained Swift object ---------- */

typedef struct clua_object_box {
  void *object; /* retained; NULL once released */
} clua_object_box;

static int clua_object_gc(lua_State *L) {
  clua_object_box *box = (clua_object_box *)lua_touserdata(L, 1);
  if (box && box->object) {
    void *object = box->object;
    box->object = NULL; /* idempotent: a resurrected or closed object is never released twice */
    clua_sandbox *sb = clua_sb(L);
    sb->release(object);
  }
  return 0;
}

/* Host entry: pushes a new userdata holding `object` (already retained by the caller), with the
   metatable at metatable_index. [] -> [userdata] */
static inline void clua_push_object(lua_State *L, void *object, int metatable_index) {
  int mt = lua_absindex(L, metatable_index);
  clua_object_box *box = (clua_object_box *)lua_newuserdatauv(L, sizeof(clua_object_box), 0);
  box->object = object;
  lua_pushvalue(L, mt);
  lua_setmetatable(L, -2);
}

/* Host entry: the Swift object of a userdata whose metatable is the one at metatable_index, or
   NULL (wrong type or already released). */
static inline void *clua_to_object(lua_State *L, int index, int metatable_index) {
  int mt = lua_absindex(L, metatable_index);
  if (lua_type(L, index) != LUA_TUSERDATA || lua_rawlen(L, index) != sizeof(clua_object_box)) return NULL;
  if (!lua_getmetatable(L, index)) return NULL;
  int same = lua_rawequal(L, -1, mt);
  lua_pop(L, 1);
  if (!same) return NULL;
  return ((clua_object_box *)lua_touserdata(L, index))->object;
}

static inline lua_CFunction clua_object_gc_function(void) { return clua_object_gc; }

/* ---------- benchmark baseline ---------- */

/* A plain C function doing what the benchmark's Swift binding does (read an integer, return it),
   so the two can be compared when registered and called the same way. */
static int clua_bench_identity(lua_State *L) {
  lua_pushinteger(L, lua_tointeger(L, 1));
  return 1;
}

static inline lua_CFunction clua_bench_identity_function(void) { return clua_bench_identity; }

/* ---------- error objects ---------- */

static int clua_error_tostring(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_pushliteral(L, "where");
  lua_rawget(L, 1);
  lua_pushliteral(L, "message");
  lua_rawget(L, 1);
  const char *where = lua_tostring(L, -2);
  const char *message = lua_tostring(L, -1);
  if (message == NULL) message = "(error without a message)";
  if (where && where[0]) lua_pushfstring(L, "%s %s", where, message);
  else lua_pushstring(L, message);
  return 1;
}

static inline lua_CFunction clua_error_tostring_function(void) { return clua_error_tostring; }

#endif
