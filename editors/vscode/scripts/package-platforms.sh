#!/usr/bin/env bash
# Platform-specific .vsix files, each carrying the matching reportlint
# program in bin/ (the extension runs it unless reportlint.path is set):
#
#   bash scripts/package-platforms.sh DIST_BUILD_DIR [PROFILE]
#
# DIST_BUILD_DIR holds <rust target>/<profile>/reportlint[.exe], as the
# repository's scripts/dist leaves it (target/dist). A target not built is
# skipped. Writes reportlint-<vscode target>.vsix here.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "$1")
profile=${2:-dist}
made=0
for pair in win32-x64:x86_64-pc-windows-gnu linux-x64:x86_64-unknown-linux-musl \
            linux-arm64:aarch64-unknown-linux-musl darwin-arm64:aarch64-apple-darwin \
            darwin-x64:x86_64-apple-darwin; do
  vs=${pair%%:*} rust=${pair#*:}
  exe=reportlint; [ "$vs" = win32-x64 ] && exe=reportlint.exe
  src="$build/$rust/$profile/$exe"
  [ -f "$src" ] || continue
  rm -rf bin && mkdir bin && cp "$src" "bin/$exe" && chmod 755 "bin/$exe"
  npx --no-install vsce package --target "$vs" --allow-missing-repository --skip-license -o "reportlint-$vs.vsix" >/dev/null
  made=$((made + 1))
done
rm -rf bin
[ "$made" -gt 0 ] || { echo "no reportlint program under $build/*/$profile" >&2; exit 1; }
echo "packaged $made platform-specific .vsix files"
