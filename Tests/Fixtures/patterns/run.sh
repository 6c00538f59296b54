#!/usr/bin/env bash
# Differential and robustness tests for Sources/CLua/clua_pattern.h.
#
#   1. the header compiles warning-free (gcc and, if present, clang) both with
#      the default no-op tick and with the harness's tick;
#   2. corpus.lua prints exactly the same under stock lua5.4 and under the
#      harness (our find/match/gmatch/gsub);
#   3. every case in pathological.lua is stopped by the step budget quickly;
#   4. the corpus and the pathological cases run clean under ASan + UBSan;
#   5. with a tick on every step, the corpus is unchanged and budget_sweep.lua
#      interrupts sample calls at every tick site without corrupting anything.
#
# Usage: bash Tests/Fixtures/patterns/run.sh   (from anywhere)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
header_dir="$root/Sources/CLua"
lua_inc="${LUA_INCLUDE:-/usr/include/lua5.4}"
lua_lib="${LUA_LIB:--llua5.4}"
budget="${CLUA_PATTERN_BUDGET:-1000}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

warn=(-std=c11 -Wall -Wextra -Wpedantic -Wshadow -Werror)

step() { printf '\n== %s\n' "$*"; }

step "compile checks"
# The header as shim.h will see it: Lua headers first, default tick macro.
cat > "$tmp/include_check.c" <<'EOF'
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
#include "clua_pattern.h"
int clua_include_check(void);
int clua_include_check(void) { return 0; }
EOF
gcc "${warn[@]}" -I"$lua_inc" -I"$header_dir" -c "$tmp/include_check.c" -o "$tmp/include_check.o"
echo "gcc: header alone compiles cleanly"
if command -v clang >/dev/null 2>&1; then
  clang "${warn[@]}" -I"$lua_inc" -I"$header_dir" -c "$tmp/include_check.c" -o "$tmp/include_check_clang.o"
  clang "${warn[@]}" -I"$lua_inc" -fsyntax-only "$here/harness.c"
  echo "clang: header and harness compile cleanly"
fi
gcc "${warn[@]}" -O2 -I"$lua_inc" "$here/harness.c" -o "$tmp/harness" $lua_lib
gcc "${warn[@]}" -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
  -fno-sanitize-recover=undefined -I"$lua_inc" "$here/harness.c" -o "$tmp/harness_san" $lua_lib
gcc "${warn[@]}" -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
  -fno-sanitize-recover=undefined -DCLUA_PATTERN_TICK_INTERVAL=1 \
  -I"$lua_inc" "$here/harness.c" -o "$tmp/harness_san_every_step" $lua_lib
echo "built harness and sanitizer harnesses"

cd "$here"   # both runs load the corpus under the same chunk name

step "corpus: stock lua5.4 vs our engine"
lua5.4 corpus.lua > "$tmp/stock.txt"
"$tmp/harness" corpus.lua > "$tmp/ours.txt"
if ! diff -u "$tmp/stock.txt" "$tmp/ours.txt" > "$tmp/corpus.diff"; then
  head -n 60 "$tmp/corpus.diff"
  echo "FAIL: corpus output differs from stock Lua" >&2
  exit 1
fi
echo "identical: $(tail -n 1 "$tmp/ours.txt") ($(wc -l < "$tmp/ours.txt") lines)"

step "pathological cases under a budget of $budget ticks"
# Show that the stock matcher really does hang on one of them.
set +e
PATHOLOGICAL_ONLY=3 timeout 2 lua5.4 pathological.lua > /dev/null 2>&1
rc=$?
set -e
if [ "$rc" -eq 124 ]; then
  echo "stock lua5.4 is still busy with case 3 after 2 s (killed), as expected"
else
  echo "note: stock lua5.4 finished case 3 within 2 s (rc=$rc)"
fi
if ! CLUA_PATTERN_BUDGET="$budget" "$tmp/harness" pathological.lua | tee "$tmp/path.txt"; then
  echo "FAIL: harness exited with an error on pathological.lua" >&2
  exit 1
fi
if grep -q '^FAIL' "$tmp/path.txt" || ! grep -q ', 0 failures$' "$tmp/path.txt"; then
  echo "FAIL: some pathological case was not stopped in time" >&2
  exit 1
fi

step "sanitizers (address, undefined)"
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
"$tmp/harness_san" corpus.lua > "$tmp/ours_san.txt"
if ! cmp -s "$tmp/stock.txt" "$tmp/ours_san.txt"; then
  diff -u "$tmp/stock.txt" "$tmp/ours_san.txt" | head -n 60
  echo "FAIL: corpus output differs under sanitizers" >&2
  exit 1
fi
echo "corpus under sanitizers: clean and identical"
# Sanitized code is slower, so only the budget stop is checked strictly here.
if ! CLUA_PATTERN_BUDGET="$budget" PATHOLOGICAL_MAX_SECONDS=5 \
     "$tmp/harness_san" pathological.lua > "$tmp/path_san.txt"; then
  cat "$tmp/path_san.txt"
  echo "FAIL: sanitizer harness failed on pathological.lua" >&2
  exit 1
fi
if grep -q '^FAIL' "$tmp/path_san.txt"; then
  cat "$tmp/path_san.txt"
  echo "FAIL: pathological case not stopped under sanitizers" >&2
  exit 1
fi
echo "pathological under sanitizers: $(tail -n 1 "$tmp/path_san.txt")"

step "interrupt at every step (tick interval 1, sanitizers)"
"$tmp/harness_san_every_step" corpus.lua > "$tmp/ours_every_step.txt"
if ! cmp -s "$tmp/stock.txt" "$tmp/ours_every_step.txt"; then
  diff -u "$tmp/stock.txt" "$tmp/ours_every_step.txt" | head -n 60
  echo "FAIL: corpus output differs with a tick on every step" >&2
  exit 1
fi
echo "corpus with a tick on every step: identical"
if ! "$tmp/harness_san_every_step" budget_sweep.lua > "$tmp/sweep.txt"; then
  cat "$tmp/sweep.txt"
  echo "FAIL: budget sweep" >&2
  exit 1
fi
tail -n 1 "$tmp/sweep.txt"

step "all pattern tests passed"
