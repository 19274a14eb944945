#!/usr/bin/env bash
# Installs headless Chromium and its WebDriver for the browser test
# (crates/hrx/tests/it/browser.rs), which expects /usr/bin/chromium and /usr/bin/chromedriver.
# Does nothing when both are already there. Debian and Ubuntu images (apt-get) only.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver

if [[ -x "$CHROMIUM" && -x "$CHROMEDRIVER" ]]; then
    echo "chromium and chromedriver are already installed"
else
    if ! command -v apt-get >/dev/null; then
        echo "install-browser.sh: apt-get not found; install chromium and chromium-driver by hand" >&2
        exit 1
    fi
    sudo=""
    if [[ "$(id -u)" -ne 0 ]]; then
        sudo=sudo
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update
    # Recommended packages (fonts, desktop integration) are not needed headless.
    $sudo apt-get install -y --no-install-recommends chromium chromium-driver
fi

# Check that the pair works headless, as the test will run it.
"$CHROMEDRIVER" --version
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
dom="$(timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" \
    --dump-dom 'data:text/html,<title>ok</title><p id=probe>headless-ok</p>' 2>/dev/null)"
if [[ "$dom" != *headless-ok* ]]; then
    echo "install-browser.sh: $CHROMIUM did not render a page headless" >&2
    exit 1
fi
"$CHROMIUM" --version 2>/dev/null
echo "chromium runs headless"
