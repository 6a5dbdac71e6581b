#!/bin/sh
# Make sure Debian's headless Chromium and its driver are present for the dashboard's browser tests.
# Idempotent and quiet. Exits 0 whenever it cannot install (not root, no apt-get, no network):
# the browser tests then skip with a reason instead of failing the build.
set -u

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
if [ "$(id -u)" != "0" ]; then
    echo "ensure_chromium: not root, chromium/chromedriver not installed (browser tests will skip)" >&2
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_chromium: apt-get unavailable (browser tests will skip)" >&2
    exit 0
fi
if apt-get update -qq >/dev/null 2>&1 &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        chromium chromium-driver fonts-dejavu-core >/dev/null 2>&1; then
    exit 0
fi
echo "ensure_chromium: apt-get could not install chromium chromium-driver (browser tests will skip)" >&2
exit 0
