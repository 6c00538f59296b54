/*
 * Static-inline stand-ins for the Lua macros Swift cannot import, and fixed-argument versions of
 * the variadic functions. The ones marked "C only" raise or yield and must never be called from
 * Swift; they exist for the other headers of this module.
 */
#ifndef CLUA_MACROS_H
#define CLUA_MACROS_H

#include <lua5.4/lua.h>
#include <lua5.4/lauxlib.h>

#if LUA_VERSION_NUM != 504
#error "OnAir needs Lua 5.4"
#endif

static inline int clua_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline int clua_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline int clua_ridx_globals(void) { return LUA_RIDX_GLOBALS; }
static inline int clua_ridx_mainthread(void) { return LUA_RIDX_MAINTHREAD; }
static inline int clua_multret(void) { return LUA_MULTRET; }
static inline int clua_minstack(void) { return LUA_MINSTACK; }

static inline void clua_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void clua_newtable(lua_State *L) { lua_newtable(L); }
static inline void clua_pushcfunction(lua_State *L, lua_CFunction f) { lua_pushcfunction(L, f); }
static inline void clua_pushglobaltable(lua_State *L) { lua_pushglobaltable(L); }
static inline const char *clua_tostring(lua_State *L, int i) { return lua_tostring(L, i); }
static inline lua_Number clua_tonumber(lua_State *L, int i) { return lua_tonumber(L, i); }
static inline lua_Integer clua_tointeger(lua_State *L, int i) { return lua_tointeger(L, i); }
static inline void clua_insert(lua_State *L, int i) { lua_insert(L, i); }
static inline void clua_remove(lua_State *L, int i) { lua_remove(L, i); }
static inline void clua_replace(lua_State *L, int i) { lua_replace(L, i); }
static inline int clua_isnil(lua_State *L, int i) { return lua_isnil(L, i); }
static inline int clua_isnone(lua_State *L, int i) { return lua_isnone(L, i); }
static inline int clua_isnoneornil(lua_State *L, int i) { return lua_isnoneornil(L, i); }
static inline int clua_istable(lua_State *L, int i) { return lua_istable(L, i); }
static inline int clua_isfunction(lua_State *L, int i) { return lua_isfunction(L, i); }
static inline void *clua_getextraspace(lua_State *L) { return lua_getextraspace(L); }
static inline void *clua_newuserdata(lua_State *L, size_t size) { return lua_newuserdatauv(L, size, 1); }
static inline int clua_loadbuffer(lua_State *L, const char *s, size_t n, const char *name, const char *mode) {
  return luaL_loadbufferx(L, s, n, name, mode);
}
static inline int clua_gc_count_kb(lua_State *L) { return lua_gc(L, LUA_GCCOUNT); }
static inline int clua_gc_collect(lua_State *L) { return lua_gc(L, LUA_GCCOLLECT); }
/* Lua 5.4.4 has lua_resetthread; 5.4.6 renamed it lua_closethread. */
static inline int clua_resetthread(lua_State *L) { return lua_resetthread(L); }

/* C only: these raise. */
static inline int clua_c_error(lua_State *L) { return lua_error(L); }

#endif
