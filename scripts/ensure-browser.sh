#!/usr/bin/env bash
# Installs Debian's Chromium for the console's browser tests when it is missing (Playwright's own
# browser download is not used). ROSTER_CHROMIUM points at another executable.
set -euo pipefail
browser=${ROSTER_CHROMIUM:-/usr/bin/chromium}
[ -x "$browser" ] && exit 0
echo "[browser] installing chromium from Debian's packages" >&2
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get install -y -q chromium >/dev/null 2>&1 || { $sudo_cmd apt-get update -q >/dev/null && $sudo_cmd apt-get install -y -q chromium >/dev/null; }
[ -x "$browser" ] || { echo "[browser] chromium is not at $browser after the install" >&2; exit 1; }
