#!/usr/bin/env bash
# Installs what OnAir needs on a fresh Debian (bookworm) machine: Lua 5.4's headers and library
# (the host links it), the lua5.4 interpreter (tests compare our pattern matcher against it),
# libedit (the REPL's line editor), tmux (the REPL's terminal tests), pkg-config, and the Python
# packages of the conformance tests. Swift itself is expected on PATH.
set -euo pipefail

packages=(liblua5.4-dev lua5.4 pkg-config libedit-dev tmux)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The emulator's conformance tests: the official Cloudflare SDK runs a scenario against it, and the
# SignalWire responses are validated against the OpenAPI schemas in the provider seeds.
python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore \
  "cloudflare==5.9.0" pyyaml jsonschema

command -v swift >/dev/null || { echo "install.sh: swift is not on PATH (OnAir needs Swift 6.1 or later)" >&2; exit 1; }
echo "install.sh: ready (lua $(pkg-config --modversion lua5.4), $(swift --version 2>/dev/null | head -1))"
