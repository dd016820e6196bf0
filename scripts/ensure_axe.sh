#!/bin/sh
# Install axe-core (package.json, pinned in package-lock.json) into
# node_modules/ for tests/test_browser.py, which injects
# node_modules/axe-core/axe.min.js into each page it checks. Needs npm and
# the npm registry; without npm it says so and exits 0 so that `make test`
# goes on (the accessibility checks then skip with the same message).
set -eu
cd "$(dirname "$0")/.."
if [ -f node_modules/axe-core/axe.min.js ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "ensure_axe: npm is missing: install Node.js and npm (e.g. 'sudo apt-get install npm') to run the" \
         "accessibility checks (tests/test_browser.py skips them)" >&2
    exit 0
fi
echo "ensure_axe: installing axe-core from package-lock.json (npm ci)" >&2
# Without the registry (offline), say so and go on: the accessibility checks skip.
npm ci --no-audit --no-fund --loglevel=error \
    || echo "ensure_axe: npm ci failed (no access to the npm registry?): tests/test_browser.py skips its" \
            "accessibility checks" >&2
