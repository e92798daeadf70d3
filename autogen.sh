#!/bin/sh
# Regenerate the autotools files (configure, Makefile.in, tap-driver.sh).
set -e
cd "$(dirname "$0")"
autoreconf -fi
