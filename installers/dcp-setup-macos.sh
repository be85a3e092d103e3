#!/bin/bash
# DCP provider setup for macOS, served by the DCP gateway at __DCP_PUBLIC_URL__
#
#   curl -fsSL '__DCP_PUBLIC_URL__/api/providers/download/setup?os=mac' -o dcp-setup.sh
#   bash dcp-setup.sh
#
# Run it as the user who will provide (not with sudo): it installs a LaunchAgent for that user.
# The script asks for your provider API key (typing is hidden). For unattended installs, put the key alone
# in a file only you can read and pass its path: DCP_PROVIDER_KEY_FILE=/path/to/key bash dcp-setup.sh
# (DCP_PROVIDER_KEY=... works too, but then the key is in your shell history). The key is never given on a
# command line (where `ps` shows it) nor in a URL (where logs keep it): curl gets it on its standard input.
#
# What it does: checks the key and downloads the provider daemon with the key in a header, verifies the
# download against the SHA-256 the gateway sends (X-Checksum-SHA256), installs it readable by you only (the
# daemon file carries the key and URL, as the daemon reads them from there), and runs it as a LaunchAgent
# that launchd restarts whenever it exits (a self-update exits to restart). Written for the bash 3.2 that
# ships with macOS.
set -euo pipefail
umask 077

DCP_API_URL='__DCP_PUBLIC_URL__'
LABEL='sa.dcp.provider'
DAEMON_FILE='dcp_daemon.py'
INSTALL_DIR=${DCP_INSTALL_DIR:-$HOME/.dcp-provider}
PLIST="$HOME/Library/LaunchAgents/$LABEL.plist"

say() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

read_key() {
  local key=''
  if [ -n "${DCP_PROVIDER_KEY_FILE:-}" ]; then
    [ -r "$DCP_PROVIDER_KEY_FILE" ] || die "cannot read DCP_PROVIDER_KEY_FILE ($DCP_PROVIDER_KEY_FILE)"
    IFS= read -r key <"$DCP_PROVIDER_KEY_FILE" || true
  elif [ -n "${DCP_PROVIDER_KEY:-}" ]; then
    key=$DCP_PROVIDER_KEY
  elif [ -r /dev/tty ]; then
    printf 'Provider API key (input hidden): ' >/dev/tty
    IFS= read -rs key </dev/tty || true
    printf '\n' >/dev/tty
  else
    die 'no provider key: run from a terminal, or set DCP_PROVIDER_KEY_FILE'
  fi
  unset DCP_PROVIDER_KEY
  key=${key//[[:space:]]/}
  [[ $key =~ ^(dcp|dc1)-provider-[A-Za-z0-9]+$ ]] || die 'that does not look like a provider key (dcp-provider-...)'
  PROVIDER_KEY=$key
}

# GET $1 into file $2 with the key as a Bearer header, handed to curl on stdin as a config (never in argv,
# never in a URL); more curl options may follow. Anything but a 200 stops the script with the gateway's answer.
fetch_with_key() {
  local url=$1 out=$2 proto='=https' status
  shift 2
  case $DCP_API_URL in http://*) proto='=http,https' ;; esac
  status=$(printf 'header = "Authorization: Bearer %s"\n' "$PROVIDER_KEY" |
    curl --config - --silent --show-error --proto "$proto" --retry 3 --connect-timeout 15 \
      --output "$out" --write-out '%{http_code}' "$@" "$url") || die "cannot reach $DCP_API_URL"
  [ "$status" = 200 ] || die "the gateway answered $status: $(head -c 500 "$out" 2>/dev/null)"
}

check_prerequisites() {
  [ "$(id -u)" -ne 0 ] || die 'run this as the user who will provide, not as root: it installs a LaunchAgent'
  command -v curl >/dev/null 2>&1 || die 'curl is required'
  command -v shasum >/dev/null 2>&1 || die 'shasum is required'
  PYTHON=$(command -v python3 || true)
  [ -n "$PYTHON" ] && "$PYTHON" -c 'import sys' >/dev/null 2>&1 ||
    die 'python3 is required (xcode-select --install, or brew install python)'
  command -v docker >/dev/null 2>&1 || warn 'docker not found: jobs fall back to bare-metal execution'
}

download_daemon() {
  local work=$1 version expected actual
  say "Checking your key with $DCP_API_URL"
  fetch_with_key "$DCP_API_URL/api/providers/download/daemon?check_only=true" "$work/version.json"
  version=$(sed -n 's/.*"version":"\([^"]*\)".*/\1/p' "$work/version.json")
  say "Downloading daemon ${version:-(version unknown)}"
  fetch_with_key "$DCP_API_URL/api/providers/download/daemon" "$work/$DAEMON_FILE" --dump-header "$work/headers"
  expected=$(tr -d '\r' <"$work/headers" | awk 'tolower($1) == "x-checksum-sha256:" { print tolower($2) }' | tail -n 1)
  actual=$(shasum -a 256 "$work/$DAEMON_FILE" | cut -d' ' -f1)
  [ -n "$expected" ] || die 'the gateway sent no X-Checksum-SHA256 header; not installing an unverified daemon'
  [ "$expected" = "$actual" ] || die "checksum mismatch (expected $expected, got $actual); not installing"
  say "Checksum verified ($actual)"
}

install_daemon() {
  local work=$1
  mkdir -p "$INSTALL_DIR/logs"
  chmod 0700 "$INSTALL_DIR"
  install -m 0600 "$work/$DAEMON_FILE" "$INSTALL_DIR/$DAEMON_FILE"
  say "Installed $INSTALL_DIR/$DAEMON_FILE (mode 0600)"
}

xml_escape() { printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'; }

# The agent runs the daemon with --no-watchdog: the daemon's own watchdog would restart it with the key on
# its command line. launchd restarts it instead (KeepAlive), including after the exit of a self-update.
write_plist() {
  local python dir
  python=$(xml_escape "$PYTHON")
  dir=$(xml_escape "$INSTALL_DIR")
  mkdir -p "$(dirname "$PLIST")"
  cat >"$PLIST" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key><string>$LABEL</string>
  <key>ProgramArguments</key>
  <array>
    <string>$python</string>
    <string>$dir/$DAEMON_FILE</string>
    <string>--no-watchdog</string>
  </array>
  <key>WorkingDirectory</key><string>$dir</string>
  <key>EnvironmentVariables</key>
  <dict><key>PYTHONUNBUFFERED</key><string>1</string></dict>
  <key>RunAtLoad</key><true/>
  <key>KeepAlive</key><true/>
  <key>ThrottleInterval</key><integer>10</integer>
  <key>StandardOutPath</key><string>$dir/logs/launchd.log</string>
  <key>StandardErrorPath</key><string>$dir/logs/launchd.log</string>
</dict>
</plist>
PLIST
}

start_agent() {
  local domain
  domain="gui/$(id -u)"
  write_plist
  # bootout/bootstrap on current macOS; unload/load where those are missing.
  launchctl bootout "$domain" "$PLIST" >/dev/null 2>&1 || true
  if ! launchctl bootstrap "$domain" "$PLIST" 2>/dev/null; then
    launchctl unload "$PLIST" >/dev/null 2>&1 || true
    launchctl load -w "$PLIST"
  fi
  say "LaunchAgent $LABEL started: launchctl print $domain/$LABEL"
}

main() {
  check_prerequisites
  read_key
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
  download_daemon "$WORK"
  install_daemon "$WORK"
  start_agent
  say "Done. Logs: $INSTALL_DIR/logs and ~/dc1-provider/logs/daemon.log"
}

main "$@"
