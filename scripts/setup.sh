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

if ! command -v mvn >/dev/null 2>&1; then
  echo "setup: installing Maven" >&2
  apt_install maven
fi

if ! command -v javac >/dev/null 2>&1 || ! javac -version 2>&1 | grep -qE 'javac (1[7-9]|[2-9][0-9])'; then
  echo "setup: installing a JDK 17" >&2
  apt_install openjdk-17-jdk-headless
fi
