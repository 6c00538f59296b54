/*
 * Test harness for Sources/CLua/clua_pattern.h.
 *
 * Runs a Lua file in a fresh state whose string.find/match/gmatch/gsub are
 * the budgeted implementations.  Replacing the entries of the `string` table
 * also covers method calls such as s:gsub(...), because the string
 * metatable's __index is that very table (checked below).
 *
 * Budget: CLUA_PATTERN_TICK counts ticks and raises
 * "pattern step budget exceeded" once more than `budget` ticks happened
 * (0 = unlimited).  The initial budget comes from the CLUA_PATTERN_BUDGET
 * environment variable; scripts can call clua_budget(n) to reset the counter
 * and set a new budget (it returns the ticks used since the last reset), so
 * each test case gets the same allowance.
 *
 * Set CLUA_PATTERN_VERBOSE to have the tick count printed on exit.
 *
 * usage: harness script.lua
 */
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include <stdio.h>
#include <stdlib.h>

static long long harness_ticks;
static long long harness_budget;

static void harness_tick(lua_State *L) {
    harness_ticks++;
    if (harness_budget > 0 && harness_ticks > harness_budget)
        luaL_error(L, "pattern step budget exceeded");
}

#define CLUA_PATTERN_TICK(L) harness_tick(L)
#include "../../../Sources/CLua/clua_pattern.h"

static int harness_set_budget(lua_State *L) {
    long long used = harness_ticks;
    harness_budget = (long long)luaL_optinteger(L, 1, 0);
    harness_ticks = 0;
    lua_pushinteger(L, (lua_Integer)used);
    return 1;
}

static int harness_main(lua_State *L) {
    const char *path = (const char *)lua_touserdata(L, 1);
    static const luaL_Reg replacements[] = {
        {"find", clua_str_find},
        {"match", clua_str_match},
        {"gmatch", clua_str_gmatch},
        {"gsub", clua_str_gsub},
        {NULL, NULL},
    };
    luaL_openlibs(L);

    lua_getglobal(L, "string");
    luaL_setfuncs(L, replacements, 0);
    /* The metatable of strings must index the table we just patched. */
    lua_pushliteral(L, "");
    if (!lua_getmetatable(L, -1))
        return luaL_error(L, "strings have no metatable");
    lua_getfield(L, -1, "__index");
    if (!lua_rawequal(L, -1, -4))
        return luaL_error(L, "string metatable __index is not the string table");
    lua_settop(L, 1);

    lua_pushcfunction(L, harness_set_budget);
    lua_setglobal(L, "clua_budget");

    if (luaL_loadfile(L, path) != LUA_OK)
        return lua_error(L);
    lua_call(L, 0, 0);
    return 0;
}

int main(int argc, char **argv) {
    lua_State *L;
    const char *env;
    int status;
    if (argc != 2) {
        fprintf(stderr, "usage: %s script.lua\n", argv[0]);
        return 2;
    }
    env = getenv("CLUA_PATTERN_BUDGET");
    harness_budget = env ? atoll(env) : 0;
    L = luaL_newstate();
    if (L == NULL) {
        fprintf(stderr, "cannot create Lua state\n");
        return 1;
    }
    lua_pushcfunction(L, harness_main);
    lua_pushlightuserdata(L, argv[1]);
    status = lua_pcall(L, 1, 0, 0);
    if (status != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        fprintf(stderr, "harness: %s\n", msg ? msg : "(non-string error)");
    }
    if (getenv("CLUA_PATTERN_VERBOSE") != NULL)
        fprintf(stderr, "harness: %lld pattern ticks since last budget reset\n",
                harness_ticks);
    lua_close(L);
    return status == LUA_OK ? 0 : 1;
}
