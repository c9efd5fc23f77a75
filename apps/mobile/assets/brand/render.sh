#!/bin/sh
# Renders the committed brand PNGs from these SVGs (needs rsvg-convert: apt-get install librsvg2-bin).
# Run from anywhere; the PNGs are committed, so installs and builds never need this.
set -e
cd "$(dirname "$0")"
out=..
rsvg-convert -w 1024 -h 1024 icon.svg -o $out/icon.png
rsvg-convert -w 1024 -h 1024 adaptive-icon.svg -o $out/adaptive-icon.png
rsvg-convert -w 512 -h 512 mark.svg -o $out/splash-icon.png
rsvg-convert -w 48 -h 48 icon.svg -o $out/favicon.png
rsvg-convert -w 216 -h 216 mark.svg -o $out/logo-mark.png
rsvg-convert -w 60 -h 60 google-g.svg -o $out/google-g.png
rsvg-convert -w 60 -h 60 apple-logo.svg -o $out/apple-logo.png
