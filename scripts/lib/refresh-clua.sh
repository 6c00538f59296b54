#!/usr/bin/env bash
# SwiftPM does not notice edits to a system library's headers: when Sources/CLua changed since the
# last build, touch the Swift files that import it so they are compiled against the new C.
# Usage: scripts/lib/refresh-clua.sh BUILD_DIR   (run from the package root, before `swift build`)
set -euo pipefail
stamp="$1/clua-headers.sha"
current=$(cat Sources/CLua/*.h Sources/CLua/module.modulemap | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" != "$current" ]; then
  grep -rl "import CLua" Sources Benchmarks --include='*.swift' | xargs touch
fi
mkdir -p "$1"
echo "$current" > "$stamp"
