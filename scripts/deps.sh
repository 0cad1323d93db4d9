#!/usr/bin/env bash
# Installs what building and testing Rapport needs on Debian/Ubuntu, and only what is missing,
# so a second run costs a few hundred milliseconds.
#   scripts/deps.sh build   libraries for compiling the desktop shell
#   scripts/deps.sh test    plus Xvfb, WebKitWebDriver and poppler for end-to-end checks
set -euo pipefail
mode="${1:-build}"
cd "$(dirname "$0")/.."

# The Rust toolchain is pinned (rust-toolchain.toml): clippy's warnings are errors here, so a
# newer compiler could break the build on its own. When the pinned version is this machine's
# stable toolchain under another name, rustup is shown it under the pinned name (no download).
want=$(sed -n 's/^channel = "\(.*\)"$/\1/p' rust-toolchain.toml)
if ! rustup run "$want" rustc --version >/dev/null 2>&1; then
  have=$(rustup run stable rustc --version 2>/dev/null | awk '{print $2}')
  if [ "$have" = "$want" ]; then
    host=$(rustup run stable rustc -vV | sed -n 's/^host: //p')
    ln -s "$(rustup run stable rustc --print sysroot)" \
      "${RUSTUP_HOME:-$HOME/.rustup}/toolchains/$want-$host"
  else
    echo "Rapport builds with Rust $want (see rust-toolchain.toml); this machine's stable is" \
         "${have:-missing}. Install it with: rustup toolchain install $want --component clippy rustfmt" >&2
    exit 1
  fi
fi

pkgs=(libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
      libsoup-3.0-dev libssl-dev pkg-config build-essential file libxdo-dev)
# The package check also uses dpkg (dpkg -x, dpkg-deb) and ldd: essential packages, present on
# every Debian/Ubuntu system.
if [ "$mode" = "test" ]; then
  # dbus-daemon: a private bus with a stand-in logind, for the tests of locking on sleep.
  # x11-utils, xdotool: to see the system's print dialog open in an end-to-end test, and
  # print to a file through it.
  # age: the standard tool an encrypted export must open with, without Rapport; bsdutils
  # gives `script`, the terminal age asks its passphrase on.
  pkgs+=(xvfb xauth webkit2gtk-driver poppler-utils x11-apps x11-utils xdotool imagemagick
         fonts-dejavu-core dbus-daemon age bsdutils)
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
