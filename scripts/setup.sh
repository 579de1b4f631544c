#!/usr/bin/env bash
# Installs what the project needs on a fresh machine: Python 3.11+ venv with the package and its
# dev tools, and (when NEO4J_URI is unset) Java 17 and Maven for the local Neo4j. The Neo4j jars
# themselves are fetched from Maven Central on the first start and cached in .neo4j/lib/.
# The /ui viewer's Cytoscape.js comes from npm into ui/node_modules/ (not committed), and its
# end-to-end test drives Debian's `chromium` (Playwright never downloads a browser).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

pick_python() {
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing $* with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    say "missing: $*. Install them (Debian/Ubuntu: sudo apt-get install $*) and run again."
    exit 1
  fi
}

PYTHON=$(pick_python) || apt_install python3 python3-venv
PYTHON=${PYTHON:-python3}

if [ -z "${NEO4J_URI:-}" ]; then
  command -v java >/dev/null 2>&1 || apt_install openjdk-17-jre-headless
  command -v mvn >/dev/null 2>&1 || apt_install maven
fi

if [ ! -x .venv/bin/python ]; then
  say "creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv || { apt_install python3-venv && "$PYTHON" -m venv .venv; }
fi
command -v npm >/dev/null 2>&1 || apt_install nodejs npm
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt_install chromium
  else
    say "missing: chromium, which the /ui test drives (Debian/Ubuntu: sudo apt-get install chromium)"
  fi
fi

say "installing Python dependencies"
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'
say "installing the viewer's npm packages (ui/node_modules)"
(cd ui && npm ci --no-audit --no-fund --loglevel=error)
say "ready"
