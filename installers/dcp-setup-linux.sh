#!/usr/bin/env bash
# DCP provider setup for Linux, served by the DCP gateway at __DCP_PUBLIC_URL__
#
#   curl -fsSL '__DCP_PUBLIC_URL__/api/providers/download/setup?os=linux' -o dcp-setup.sh
#   bash dcp-setup.sh
#
# The script asks for your provider API key (typing is hidden). For unattended installs, put the key alone
# in a file only you can read and pass its path: DCP_PROVIDER_KEY_FILE=/path/to/key bash dcp-setup.sh
# (DCP_PROVIDER_KEY=... works too, but then the key is in your shell history). The key is never given on a
# command line (where `ps` shows it) nor in a URL (where logs keep it): curl gets it on its standard input.
#
# What it does:
#   1. checks the key with the gateway and downloads the provider daemon, with the key in a header;
#   2. verifies the download against the SHA-256 the gateway sends (X-Checksum-SHA256);
#   3. installs it, readable by the service user only (the daemon file carries the key and URL, as the
#      daemon reads them from there);
#   4. runs it as a systemd service that restarts it whenever it exits (a self-update exits to restart).
# Run as root for a system service (as DCP_SERVICE_USER, else the sudo user), or as yourself for a user
# service (systemctl --user). NVIDIA drivers and Docker are up to you; the script only checks for them.
set -euo pipefail
umask 077

DCP_API_URL='__DCP_PUBLIC_URL__'
SERVICE='dcp-provider'
DAEMON_FILE='dcp_daemon.py'

say() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# The key: from a file, the environment, or the terminal (works when this script is piped into bash too).
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

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

check_prerequisites() {
  command -v curl >/dev/null 2>&1 || die 'curl is required'
  command -v python3 >/dev/null 2>&1 || die 'python3 is required (e.g. apt install python3, dnf install python3)'
  command -v sha256sum >/dev/null 2>&1 || command -v shasum >/dev/null 2>&1 || die 'sha256sum or shasum is required'
  command -v nvidia-smi >/dev/null 2>&1 || warn 'nvidia-smi not found: install the NVIDIA driver before taking GPU jobs'
  command -v docker >/dev/null 2>&1 || warn 'docker not found: jobs fall back to bare-metal execution'
}

# Where to install and as whom: a system service when root, a user service otherwise.
choose_layout() {
  if [ "$(id -u)" -eq 0 ]; then
    SERVICE_USER=${DCP_SERVICE_USER:-${SUDO_USER:-root}}
    id "$SERVICE_USER" >/dev/null 2>&1 || die "no such user: $SERVICE_USER"
    INSTALL_DIR=${DCP_INSTALL_DIR:-/opt/dcp-provider}
    UNIT_DIR=/etc/systemd/system
    SYSTEMCTL=(systemctl)
  else
    SERVICE_USER=$(id -un)
    INSTALL_DIR=${DCP_INSTALL_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/dcp-provider}
    UNIT_DIR=${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user
    SYSTEMCTL=(systemctl --user)
  fi
}

download_daemon() {
  local work=$1 version expected actual
  say "Checking your key with $DCP_API_URL"
  fetch_with_key "$DCP_API_URL/api/providers/download/daemon?check_only=true" "$work/version.json"
  version=$(sed -n 's/.*"version":"\([^"]*\)".*/\1/p' "$work/version.json")
  say "Downloading daemon ${version:-(version unknown)}"
  fetch_with_key "$DCP_API_URL/api/providers/download/daemon" "$work/$DAEMON_FILE" --dump-header "$work/headers"
  expected=$(tr -d '\r' <"$work/headers" | awk 'tolower($1) == "x-checksum-sha256:" { print tolower($2) }' | tail -n 1)
  actual=$(sha256_of "$work/$DAEMON_FILE")
  [ -n "$expected" ] || die 'the gateway sent no X-Checksum-SHA256 header; not installing an unverified daemon'
  [ "$expected" = "$actual" ] || die "checksum mismatch (expected $expected, got $actual); not installing"
  say "Checksum verified ($actual)"
}

install_daemon() {
  local work=$1
  mkdir -p "$INSTALL_DIR"
  chmod 0700 "$INSTALL_DIR"
  # The daemon replaces this file when it updates itself, so its user must own it; nobody else may read it.
  install -m 0600 "$work/$DAEMON_FILE" "$INSTALL_DIR/$DAEMON_FILE"
  if [ "$(id -u)" -eq 0 ]; then chown -R "$SERVICE_USER": "$INSTALL_DIR"; fi
  say "Installed $INSTALL_DIR/$DAEMON_FILE (mode 0600, owner $SERVICE_USER)"
}

# The service runs the daemon with --no-watchdog: the daemon's own watchdog would restart it with the key
# on its command line. systemd restarts it instead, including after the exit that follows a self-update.
write_unit() {
  local python user_line='' wanted=default.target
  python=$(command -v python3)
  if [ "$(id -u)" -eq 0 ]; then
    user_line="User=$SERVICE_USER"
    wanted=multi-user.target
  fi
  mkdir -p "$UNIT_DIR"
  umask 022
  cat >"$UNIT_DIR/$SERVICE.service" <<UNIT
[Unit]
Description=DCP provider daemon
After=network-online.target docker.service
Wants=network-online.target

[Service]
Type=simple
$user_line
WorkingDirectory=$INSTALL_DIR
ExecStart="$python" "$INSTALL_DIR/$DAEMON_FILE" --no-watchdog
Environment=PYTHONUNBUFFERED=1
Restart=always
RestartSec=10

[Install]
WantedBy=$wanted
UNIT
  umask 077
}

start_service() {
  if ! command -v systemctl >/dev/null 2>&1 || ! "${SYSTEMCTL[@]}" show-environment >/dev/null 2>&1; then
    warn "systemd is not available here; start the daemon yourself: python3 $INSTALL_DIR/$DAEMON_FILE --no-watchdog"
    return
  fi
  write_unit
  "${SYSTEMCTL[@]}" daemon-reload
  "${SYSTEMCTL[@]}" enable "$SERVICE" >/dev/null
  "${SYSTEMCTL[@]}" restart "$SERVICE"
  say "Service $SERVICE started: ${SYSTEMCTL[*]} status $SERVICE"
  if [ "$(id -u)" -ne 0 ]; then
    say "To keep it running after you log out: loginctl enable-linger $SERVICE_USER"
  elif [ "$SERVICE_USER" != root ] && command -v docker >/dev/null 2>&1 && ! id -nG "$SERVICE_USER" | grep -qw docker; then
    warn "$SERVICE_USER is not in the docker group; add it (usermod -aG docker $SERVICE_USER) for container jobs"
  fi
}

main() {
  check_prerequisites
  read_key
  choose_layout
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
  download_daemon "$WORK"
  install_daemon "$WORK"
  start_service
  say "Done. Logs: ~$SERVICE_USER/dc1-provider/logs/daemon.log"
}

main "$@"
