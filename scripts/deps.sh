#!/usr/bin/env bash
# Installs what building and testing Rapport needs on Debian/Ubuntu, and only what is missing,
# so a second run costs a few hundred milliseconds.
#   scripts/deps.sh build   libraries for compiling the desktop shell
#   scripts/deps.sh test    plus Xvfb, WebKitWebDriver and poppler for end-to-end checks
set -euo pipefail
mode="${1:-build}"

pkgs=(libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
      libsoup-3.0-dev libssl-dev pkg-config build-essential file libxdo-dev)
if [ "$mode" = "test" ]; then
  pkgs+=(xvfb xauth webkit2gtk-driver poppler-utils x11-apps imagemagick fonts-dejavu-core)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing system packages: ${missing[*]} (install them with your package manager)" >&2
    exit 1
  fi
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
