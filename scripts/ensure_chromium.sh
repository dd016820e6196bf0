#!/bin/sh
# Make sure Debian's chromium is at /usr/bin/chromium for tests/test_e2e.py.
# Never downloads a browser through Playwright (`playwright install`): the
# distribution's package only. As root it installs it with apt-get; otherwise
# it says what to do and exits 0 so that `make test` goes on (the e2e tests
# then skip with the same message).
set -eu
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure_chromium: installing Debian's chromium package (for the end-to-end tests)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends chromium >/dev/null \
        || { apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium >/dev/null; }
    [ -x "$CHROMIUM" ] && exit 0
    echo "ensure_chromium: apt-get did not install $CHROMIUM" >&2
    exit 1
fi
echo "ensure_chromium: $CHROMIUM is missing and this is not root: run 'sudo apt-get install chromium'" \
     "to run the end-to-end tests (tests/test_e2e.py skips them)" >&2
exit 0
