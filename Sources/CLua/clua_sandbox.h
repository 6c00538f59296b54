/*
 * The sandbox record of one Lua state: memory accounting for the allocator, the stop requests the
 * watchdog and the host make, and the hook that turns a stop request into an error inside Lua.
 *
 * Why the allocator has a "host depth": Lua raises on allocation failure, and a raise must never
 * cross a Swift frame. While Swift code touches the state (host_depth > 0) the allocator never
 * refuses for limit reasons; the limit catches up at the next allocation made by guest code.
 *
 * Why stops are sticky: once a limit is hit, the hook stays armed with a count of 1, so every
 * following instruction raises again and a script cannot swallow the limit with pcall.
 */
#ifndef CLUA_SANDBOX_H
#define CLUA_SANDBOX_H

#include <stdlib.h>
#include <string.h>
#include <lua5.4/lua.h>
#include <lua5.4/lauxlib.h>

enum {
  CLUA_STOP_NONE = 0,
  CLUA_STOP_CPU = 1,
  CLUA_STOP_MEMORY = 2,
  CLUA_STOP_TIMEOUT = 3,
  CLUA_STOP_CANCEL = 4,
  CLUA_STOP_KINDS = 5
};

/* Per-thread flags kept in each thread's extra space. */
enum {
  CLUA_THREAD_TASK = 1,   /* a thread the host scheduler resumes (not a script's own coroutine) */
  CLUA_THREAD_PARKED = 2  /* a script coroutine suspended while its resumer waits on the host */
};

/* Swift entry that runs a binding; returns >= 0 results, or one of the statuses below. */
typedef int (*clua_dispatch_fn)(lua_State *L, void *binding);
/* Swift entry that receives text written by print(). */
typedef void (*clua_write_fn)(void *host, const char *text, size_t length);
/* Swift entry that finds a module's source for require: pushes (source, chunkname) and returns 1,
   or pushes an error message and returns 0. */
typedef int (*clua_module_fn)(void *host, lua_State *L, const char *name);
/* Swift entry that releases one retained Swift object held by a userdata. */
typedef void (*clua_release_fn)(void *object);

typedef struct clua_sandbox {
  size_t used;
  size_t peak;
  size_t limit;            /* bytes; 0 = none */
  int host_depth;
  int refusal_pending;     /* the last guest allocation was refused and nothing has been allocated since */
  int refusals;            /* guest allocations refused so far */
  int stop_kind;           /* sticky limit (CLUA_STOP_CPU/MEMORY/TIMEOUT); written from any thread */
  int cancel_pending;      /* one-shot cancellation, delivered once by the hook */
  lua_State *current;      /* thread executing Lua right now; read by the watchdog thread */
  int chain_parkable;      /* every resumer between the running thread and the host can yield */
  int close_depth;         /* nesting of coroutine.close, bounded (Lua 5.4.4 overflows the C stack) */
  int stop_error_refs[CLUA_STOP_KINDS];
  int error_metatable_ref;
  int userdata_metatable_ref;
  void *host;
  clua_dispatch_fn dispatch;
  clua_write_fn write;
  clua_module_fn module_source;
  clua_release_fn release;
} clua_sandbox;

static inline clua_sandbox *clua_sb(lua_State *L) {
  void *ud = NULL;
  lua_getallocf(L, &ud);
  return (clua_sandbox *)ud;
}

static inline intptr_t clua_thread_flags(lua_State *L) {
  intptr_t flags;
  memcpy(&flags, lua_getextraspace(L), sizeof flags);
  return flags;
}

static inline void clua_set_thread_flags(lua_State *L, intptr_t flags) {
  memcpy(lua_getextraspace(L), &flags, sizeof flags);
}

static inline void clua_set_current(clua_sandbox *sb, lua_State *L) {
  __atomic_store_n(&sb->current, L, __ATOMIC_RELEASE);
}

static inline lua_State *clua_current(clua_sandbox *sb) {
  return __atomic_load_n(&sb->current, __ATOMIC_ACQUIRE);
}

static inline int clua_stop_kind(clua_sandbox *sb) {
  return __atomic_load_n(&sb->stop_kind, __ATOMIC_ACQUIRE);
}

static void clua_stop_hook(lua_State *L, lua_Debug *ar);

static inline void clua_arm_hook(lua_State *L) {
  lua_sethook(L, clua_stop_hook, LUA_MASKCOUNT, 1);
}

static void *clua_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  clua_sandbox *sb = (clua_sandbox *)ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    free(ptr);
    sb->used -= old;
    return NULL;
  }
  if (nsize > old && sb->limit != 0 && sb->host_depth == 0 && sb->used - old + nsize > sb->limit) {
    if (sb->refusal_pending) {
      /* Lua already ran an emergency collection and retried: the script really is over. */
      int expected = CLUA_STOP_NONE;
      __atomic_compare_exchange_n(&sb->stop_kind, &expected, CLUA_STOP_MEMORY, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
      lua_State *running = clua_current(sb);
      if (running) clua_arm_hook(running);
    }
    sb->refusal_pending = 1;
    sb->refusals++;
    /* Unless Lua's emergency collection makes room for a retry (which clears refusal_pending),
       the hook turns this refusal into the memory limit at the next instruction. */
    lua_State *running = clua_current(sb);
    if (running) clua_arm_hook(running);
    return NULL;
  }
  void *block = realloc(ptr, nsize);
  if (block == NULL) return NULL;
  sb->refusal_pending = 0;
  sb->used = sb->used - old + nsize;
  if (sb->used > sb->peak) sb->peak = sb->used;
  return block;
}

/* Pushes the prebuilt error object of a stop kind (no allocation: it is in the registry). */
static inline void clua_push_stop_error(lua_State *L, clua_sandbox *sb, int kind) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, sb->stop_error_refs[kind]);
}

/* Raises if a stop is due; called by the hook and by long-running C loops (the "tick"). */
static inline void clua_check_stop(lua_State *L) {
  clua_sandbox *sb = clua_sb(L);
  int kind = clua_stop_kind(sb);
  if (kind != CLUA_STOP_NONE) {
    clua_arm_hook(L);
    clua_push_stop_error(L, sb, kind);
    lua_error(L);
  }
  if (__atomic_exchange_n(&sb->cancel_pending, 0, __ATOMIC_ACQ_REL)) {
    clua_push_stop_error(L, sb, CLUA_STOP_CANCEL);
    lua_error(L);
  }
}

static void clua_stop_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  clua_sandbox *sb = clua_sb(L);
  if (sb->refusal_pending) {
    int expected = CLUA_STOP_NONE;
    __atomic_compare_exchange_n(&sb->stop_kind, &expected, CLUA_STOP_MEMORY, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
  }
  if (clua_stop_kind(sb) == CLUA_STOP_NONE) lua_sethook(L, NULL, 0, 0); /* cancel is one-shot */
  clua_check_stop(L);
}

static inline void clua_tick(lua_State *L) { clua_check_stop(L); }

/* Host side, any thread: records a limit and makes the running thread raise at its next
   instruction. The first limit wins. */
static inline void clua_request_stop(clua_sandbox *sb, int kind) {
  int expected = CLUA_STOP_NONE;
  __atomic_compare_exchange_n(&sb->stop_kind, &expected, kind, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
  lua_State *running = clua_current(sb);
  if (running) clua_arm_hook(running);
}

/* Host side, any thread: asks the running Lua code to raise a cancellation error once. */
static inline void clua_request_cancel(clua_sandbox *sb) {
  __atomic_store_n(&sb->cancel_pending, 1, __ATOMIC_RELEASE);
  lua_State *running = clua_current(sb);
  if (running) clua_arm_hook(running);
}

static inline void clua_clear_cancel(clua_sandbox *sb) {
  __atomic_store_n(&sb->cancel_pending, 0, __ATOMIC_RELEASE);
}

/* Host side, between two evaluations of an interactive session: a limit or cancellation of the
   previous line does not carry over to the next. */
static inline void clua_reset_stops(clua_sandbox *sb) {
  __atomic_store_n(&sb->stop_kind, CLUA_STOP_NONE, __ATOMIC_RELEASE);
  __atomic_store_n(&sb->cancel_pending, 0, __ATOMIC_RELEASE);
  sb->refusal_pending = 0;
}

static inline lua_State *clua_newstate(clua_sandbox *sb) {
  return lua_newstate(clua_alloc, sb);
}

#endif
