#!/usr/bin/env bash
# Debian packages the browser tests and end-to-end checks need: headless Chromium and kcat.
set -euo pipefail
packages=(chromium chromium-driver kcat)
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
echo "installing ${packages[*]} (Debian packages)…"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
