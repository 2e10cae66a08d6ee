#!/usr/bin/env bash
# Installs every Debian package Sluice needs to build, test and benchmark. Idempotent: does nothing
# when everything is present. Uses sudo when not run as root.
set -euo pipefail

packages=(
    build-essential cmake ninja-build ccache pkg-config
    llvm-16-dev clang-16 lld-16
    antlr4 libantlr4-runtime-dev
    librdkafka-dev kcat
    catch2 libabsl-dev libsimdjson-dev librocksdb-dev
    zookeeper libzookeeper-mt-dev
    nlohmann-json3-dev libfmt-dev libcli11-dev libre2-dev
    sqlite3 clang-format
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
