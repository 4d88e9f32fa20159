#!/bin/sh
# `make test` on a fresh machine: the browser tests drive the system Chromium. When it is
# missing, install it when running as root on Debian/Ubuntu (LANTOA_INSTALL_CHROMIUM=0 to
# never install); otherwise say in one line how to, and the browser tests skip themselves
# (lantoa/browser_fixtures.py). Never fails: the rest of the suite runs either way.
CHROMIUM="${LANTOA_CHROMIUM:-/usr/bin/chromium}"
INSTALL="apt-get install -y chromium"

[ -x "$CHROMIUM" ] && exit 0
if [ "${LANTOA_INSTALL_CHROMIUM:-1}" != 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Chromium is missing at $CHROMIUM: installing it ($INSTALL)…"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1; }
fi
if [ ! -x "$CHROMIUM" ]; then
    echo "Browser tests will be skipped: Chromium is missing at $CHROMIUM; install it with: sudo $INSTALL"
fi
exit 0
