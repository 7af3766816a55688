#!/usr/bin/env bash
# Installs, on a fresh Debian machine, the packages that provide the
# commands a script needs: `bash tools/needs.sh strace cc perf`. Without
# root it names the packages to install instead, and fails.
set -uo pipefail

declare -A PACKAGES=(
  [strace]="strace"
  [cc]="gcc libc6-dev"
  [perf]="linux-perf"
)

need=()
for command in "$@"; do
  command -v "$command" >/dev/null || need+=(${PACKAGES[$command]})
done
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "needs: ${need[*]} (install them with apt-get)" >&2
  exit 1
fi
apt-get update -qq &&
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
