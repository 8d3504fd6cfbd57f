#!/usr/bin/env bash
# Install the Debian packages the tests start as real servers or tools, when missing.
# Used by `.ci/run` and `make test`. apt-get runs as root directly or through sudo; without
# either, the missing packages are named and the script fails rather than tests failing later.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v unzip >/dev/null || need+=(unzip)
command -v mvn >/dev/null || need+=(maven)
# PostgreSQL's server binaries live under /usr/lib/postgresql/<major>/bin, not on PATH.
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
command -v redis-server >/dev/null || need+=(redis-server)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  sudo_cmd=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo_cmd=(sudo -n)
else
  echo "missing system packages: ${need[*]}" >&2
  echo "install them as root: apt-get install --no-install-recommends ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${need[@]}"
