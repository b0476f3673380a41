#!/usr/bin/env bash
# Copies the front-end packages pinned in package-lock.json into the static
# files, so that neither the app nor its users' browsers fetch anything from
# a CDN. Run after changing package.json; commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
out=src/borgerraadgiver/core/static/vendor
rm -rf "$out" && mkdir -p "$out/dkfds/css" "$out/dkfds/js" "$out/dkfds/fonts/IBMPlexSans/complete" "$out/htmx"
d=node_modules/dkfds/dist
cp "$d/css/dkfds.min.css" "$out/dkfds/css/"
cp "$d/js/dkfds.min.js" "$out/dkfds/js/"
cp -r "$d/img" "$out/dkfds/"
# Only the font files the stylesheet refers to (the split subsets are unused).
for f in $(grep -o 'url(../fonts/[^)]*)' "$d/css/dkfds.min.css" | sed 's/url(..\///; s/)$//; s/[?#].*//' | sort -u); do
  mkdir -p "$out/dkfds/$(dirname "$f")"
  cp "$d/$f" "$out/dkfds/$f"
done
cp "$d/LICENSE.md" "$out/dkfds/"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx/"
cp node_modules/htmx.org/LICENSE "$out/htmx/"
mkdir -p e2e/vendor
cp node_modules/axe-core/axe.min.js e2e/vendor/
