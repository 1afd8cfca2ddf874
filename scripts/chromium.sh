# shellcheck shell=bash
# Debian's chromium for the console's browser tests (Playwright drives it; it never downloads a browser of its own).
# Sourced by ./eartag. Provides ensure_chromium, which exports EARTAG_CHROMIUM.

ensure_chromium() {
  local bin="${EARTAG_CHROMIUM:-/usr/bin/chromium}"
  if [[ ! -x "$bin" ]]; then
    if [[ $(id -u) -ne 0 ]]; then
      printf 'eartag: chromium not found at %s; install it (sudo apt-get install -y chromium) or set EARTAG_CHROMIUM\n' "$bin" >&2
      return 1
    fi
    printf 'eartag: installing chromium (apt-get install chromium) for the console tests...\n' >&2
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >/dev/null
  fi
  export EARTAG_CHROMIUM="$bin"
}
