/*
 * The C side of OnAir's Lua boundary.
 *
 * Swift cannot see Lua's function-like macros, and Swift frames must never be crossed by Lua's
 * longjmp (an error or a yield). So everything that may raise or yield lives here, in C, and Swift
 * only ever calls functions that return a status. The pieces, one header each:
 *   clua_macros.h    re-declarations of the macros Swift cannot see
 *   clua_sandbox.h   the per-state sandbox record: memory accounting, limits, the stop hook
 *   clua_boundary.h  the trampoline that turns a Swift status into results, a raise or a park
 *   clua_pattern.h   a pattern matcher with a step budget (string.find/match/gmatch/gsub)
 *   clua_stdlib.h    the sandboxed replacements of library functions (load, print, coroutine, ...)
 */
#ifndef CLUA_SHIM_H
#define CLUA_SHIM_H

#include <lua5.4/lua.h>
#include <lua5.4/lauxlib.h>
#include <lua5.4/lualib.h>

#include "clua_macros.h"
#include "clua_sandbox.h"
#include "clua_boundary.h"

/* Every 1024 matcher steps the matcher checks the limits, so a pathological pattern stops. */
#define CLUA_PATTERN_TICK(L) clua_tick(L)
#include "clua_pattern.h"

#include "clua_stdlib.h"

#endif
