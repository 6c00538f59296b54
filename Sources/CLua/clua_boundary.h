/*
 * The trampoline: the one C function behind every Swift binding.
 *
 * The Swift dispatcher never raises and never yields: it returns a status. Only after it has
 * returned does this C code raise (the error object is on the stack) or park (yield to the host
 * with the park sentinel). So every longjmp crosses C frames only.
 */
#ifndef CLUA_BOUNDARY_H
#define CLUA_BOUNDARY_H

#include <string.h>
#include <lua5.4/lua.h>
#include <lua5.4/lauxlib.h>
#include "clua_sandbox.h"

enum {
  CLUA_STATUS_RAISE = -1, /* an error object is on top of the stack */
  CLUA_STATUS_PARK = -2   /* the host started async work; suspend the calling thread */
};

/* The park sentinel is the sandbox pointer itself: unique per state and never a script value. */
static inline void *clua_park_sentinel(lua_State *L) { return (void *)clua_sb(L); }

/* Pushes "chunk:line:" of the nearest Lua frame, or "" when no Lua code is on the stack. */
/* Whether a frame belongs to the engine's playbook driver (chunk "=[onair]"): errors are placed
   at the script's line that called into it, not inside it. */
static inline int clua_is_driver_frame(const lua_Debug *ar) {
  return strcmp(ar->source, "=[onair]") == 0;
}

static inline void clua_push_where(lua_State *L) {
  lua_Debug ar;
  for (int level = 1; lua_getstack(L, level, &ar); level++) {
    if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0 && !clua_is_driver_frame(&ar)) {
      lua_pushfstring(L, "%s:%d:", ar.short_src, ar.currentline);
      return;
    }
  }
  lua_pushliteral(L, "");
}

/* Pushes "chunk:line:" of the Lua frame `level` levels up (1 = the caller of the running C
   function), searching further up when that frame has no line; "" when there is none. */
static inline void clua_push_where_at(lua_State *L, int level) {
  lua_Debug ar;
  for (; lua_getstack(L, level, &ar); level++) {
    if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0 && !clua_is_driver_frame(&ar)) {
      lua_pushfstring(L, "%s:%d:", ar.short_src, ar.currentline);
      return;
    }
  }
  lua_pushliteral(L, "");
}

/* Adds `where` and `traceback` to a host error object (a table carrying the error metatable)
   that does not have them yet. [error] -> [error] */
static inline void clua_decorate_error(lua_State *L) {
  clua_sandbox *sb = clua_sb(L);
  if (lua_type(L, -1) != LUA_TTABLE || !lua_getmetatable(L, -1)) return;
  lua_rawgeti(L, LUA_REGISTRYINDEX, sb->error_metatable_ref);
  int ours = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  if (!ours) return;
  lua_pushliteral(L, "where");
  if (lua_rawget(L, -2) == LUA_TNIL) {
    lua_pop(L, 1);
    lua_pushliteral(L, "where");
    clua_push_where(L);
    lua_rawset(L, -3);
  } else {
    lua_pop(L, 1);
  }
  lua_pushliteral(L, "traceback");
  if (lua_rawget(L, -2) == LUA_TNIL) {
    lua_pop(L, 1);
    lua_pushliteral(L, "traceback");
    luaL_traceback(L, L, NULL, 1);
    lua_rawset(L, -3);
  } else {
    lua_pop(L, 1);
  }
}

static inline int clua_raise(lua_State *L) {
  clua_decorate_error(L);
  return lua_error(L);
}

/* Continuation of a parked binding. The host resumes the thread with (true, results...) or
   (false, error). */
static int clua_park_continue(lua_State *L, int status, lua_KContext ctx) {
  (void)status;
  (void)ctx;
  if (lua_toboolean(L, 1)) {
    lua_remove(L, 1);
    return lua_gettop(L);
  }
  lua_settop(L, 2);
  return clua_raise(L);
}

static inline int clua_park(lua_State *L) {
  lua_settop(L, 0);
  lua_pushlightuserdata(L, clua_park_sentinel(L));
  return lua_yieldk(L, 1, 0, clua_park_continue);
}

/* What a binding's upvalue points to: the state's sandbox record (so the trampoline needs no
   further lookup) and the host's binding object. Owned by the host for the life of the state. */
typedef struct clua_binding {
  clua_sandbox *sandbox;
  void *box;
} clua_binding;

/* Raises a usage error (a host error object) saying that host code is busy: guest code is
   running inside an allocation the host made, which only a __gc finalizer does. */
static int clua_refuse_reentry(lua_State *L) {
  clua_sandbox *sb = clua_sb(L);
  lua_createtable(L, 0, 4);
  lua_pushliteral(L, "usage");
  lua_setfield(L, -2, "kind");
  lua_pushliteral(L, "host functions cannot run inside a __gc finalizer that the collector started "
                     "while the host was working (the garbage collector cannot be suspended); "
                     "release resources with a <close> variable instead");
  lua_setfield(L, -2, "message");
  lua_rawgeti(L, LUA_REGISTRYINDEX, sb->error_metatable_ref);
  lua_setmetatable(L, -2);
  return clua_raise(L);
}

/* Every Swift binding is a C closure over this function; upvalue 1 is its clua_binding (a light
   userdata).

   Why the host-depth check: every allocation may run a step of the collector, and a step may run
   a script's __gc finalizer. When the allocation was made by host code (a binding pushing its
   results, the scheduler pushing a task's resume values), the finalizer runs on top of Swift
   frames that are in the middle of changing the state and the scheduler; a binding called from
   there would re-enter them (a second push onto a half-built stack, a task cancelled while it is
   being made ready). Guest code never runs with the host depth above zero otherwise, so such a
   call is refused; the finalizer's own protected call catches the error. */
static int clua_trampoline(lua_State *L) {
  const clua_binding *binding = (const clua_binding *)lua_touserdata(L, lua_upvalueindex(1));
  clua_sandbox *sb = binding->sandbox;
  if (sb->host_depth > 0) return clua_refuse_reentry(L);
  sb->host_depth++;
  int status = sb->dispatch(L, binding->box);
  sb->host_depth--;
  if (status >= 0) return status;
  if (status == CLUA_STATUS_PARK) return clua_park(L);
  return clua_raise(L);
}

static inline void clua_push_binding(lua_State *L, clua_binding *binding) {
  lua_pushlightuserdata(L, binding);
  lua_pushcclosure(L, clua_trampoline, 1);
}

/* True when the running thread, and every coroutine resumer between it and the host, can be
   suspended: only then may a binding start async work. */
static inline int clua_can_park(lua_State *L) {
  clua_sandbox *sb = clua_sb(L);
  return sb->chain_parkable && lua_isyieldable(L);
}

/* Pushes a plain-words description of why the running code cannot wait, found by walking the
   call stack to the C function that holds it. */
static inline void clua_push_park_context(lua_State *L) {
  lua_Debug ar;
  if (lua_isyieldable(L)) {
    lua_pushliteral(L, "inside a coroutine whose resumer cannot wait (for example a "
                       "coroutine.wrap generator driven from a table.sort comparator)");
    return;
  }
  for (int level = 1; lua_getstack(L, level, &ar); level++) {
    if (lua_getinfo(L, "n", &ar) && ar.namewhat && strcmp(ar.namewhat, "metamethod") == 0 && ar.name &&
        strcmp(ar.name, "__gc") == 0) {
      lua_pushliteral(L, "inside a __gc finalizer (the garbage collector cannot be suspended)");
      return;
    }
  }
  for (int level = 1; lua_getstack(L, level, &ar); level++) {
    if (!lua_getinfo(L, "Sn", &ar)) continue;
    if (strcmp(ar.what, "C") != 0 || ar.name == NULL) continue;
    /* pcall and xpcall can wait; what holds the code is further up */
    if (strcmp(ar.name, "pcall") == 0 || strcmp(ar.name, "xpcall") == 0) continue;
    if (strcmp(ar.name, "sort") == 0) {
      lua_pushliteral(L, "inside a table.sort comparator (sorting cannot be suspended)");
    } else if (strcmp(ar.name, "gsub") == 0) {
      lua_pushliteral(L, "inside a string.gsub replacement function (gsub cannot be suspended)");
    } else if (strcmp(ar.name, "tostring") == 0 || strcmp(ar.name, "print") == 0 ||
               strcmp(ar.name, "format") == 0 || strcmp(ar.name, "concat") == 0) {
      lua_pushfstring(L, "inside a __tostring metamethod (called by %s, which cannot be suspended)", ar.name);
    } else if (strcmp(ar.name, "require") == 0) {
      lua_pushliteral(L, "at the top level of a module being loaded by require (module loading "
                         "cannot be suspended; do the work in a function the module returns)");
    } else {
      lua_pushfstring(L, "inside a call from the C function '%s', which cannot be suspended", ar.name);
    }
    return;
  }
  lua_pushliteral(L, "here: a C function in the call chain cannot be suspended");
}

#endif
