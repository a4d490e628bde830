#!/usr/bin/env bash
# The release programs for other machines behave exactly as the native one:
# the Windows build (under Wine) and the aarch64 build (under QEMU), and the
# static x86_64 build, each check fixtures/ and the Word fixtures with
# --format json, and fix a copy of fixtures/bad with --fix --unsafe-fixes;
# their JSON (paths aside) and the fixed files' bytes must equal the
# native program's. Run by .ci/run after `scripts/dist --fast`.
#
#   tests/cross_targets.sh NATIVE_PROGRAM BUILD_DIR
#   (BUILD_DIR holds <target>/<profile>/reportlint[.exe], as scripts/dist leaves it)
set -euo pipefail
cd "$(dirname "$0")/.."
native=$(realpath "$1")
build=$(realpath "$2")
profile=${DIST_PROFILE:-dist-fast}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
need=()
[ -x /usr/lib/wine/wine64 ] || command -v wine64 >/dev/null 2>&1 || need+=(wine64)
command -v qemu-aarch64-static >/dev/null 2>&1 || need+=(qemu-user-static)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Wine 8 lacks ProcessPrng (Windows 10 and later have it): a test-only shim
# beside the .exe.
win_dir="$work/win"
mkdir -p "$win_dir"
cp "$build/x86_64-pc-windows-gnu/$profile/reportlint.exe" "$win_dir/"
x86_64-w64-mingw32-gcc -shared -O2 -o "$win_dir/bcryptprimitives.dll" scripts/wine/bcryptprimitives.c -ladvapi32
# Debian's wine64 package puts the loader in /usr/lib/wine.
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
export WINEPREFIX="$work/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
"$wine" wineboot --init >/dev/null 2>&1 || true

run_as() {
  case "$1" in
    windows) "$wine" "$win_dir/reportlint.exe" "${@:2}" ;;
    aarch64) qemu-aarch64-static "$build/aarch64-unknown-linux-musl/$profile/reportlint" "${@:2}" ;;
    musl) "$build/x86_64-unknown-linux-musl/$profile/reportlint" "${@:2}" ;;
    native) "$native" "${@:2}" ;;
  esac
}

# JSON with the report paths made comparable (a Windows program may print
# its own separators).
normalize() {
  python3 -c '
import json, sys
d = json.load(sys.stdin)
for f in d["files"]:
    f["path"] = f["path"].replace("\\\\", "/")
print(json.dumps(d, ensure_ascii=False, indent=1, sort_keys=True))'
}

failures=0
for who in native musl aarch64 windows; do
  status=0
  run_as "$who" check --format json fixtures/ fixtures/docx/libreoffice >"$work/$who.raw.json" 2>"$work/$who.err" || status=$?
  if [ "$status" -ne 1 ]; then
    echo "$who: check exited $status (want 1)"; cat "$work/$who.err"; failures=$((failures + 1)); continue
  fi
  normalize <"$work/$who.raw.json" >"$work/$who.json"
  # Fixing a copy of the bad fixtures and a Word report.
  mkdir -p "$work/fix-$who"
  cp -r fixtures/bad "$work/fix-$who/"
  cp fixtures/docx/libreoffice/*.docx "$work/fix-$who/" 2>/dev/null || true
  (cd "$work/fix-$who" && run_as "$who" check --fix --unsafe-fixes --quiet . >/dev/null 2>&1 || true)
done
[ "$failures" -eq 0 ] || { echo "cross-target check failed"; exit 1; }

for who in musl aarch64 windows; do
  if ! cmp -s "$work/native.json" "$work/$who.json"; then
    echo "$who: JSON differs from the native program's:"
    diff "$work/native.json" "$work/$who.json" | head -40
    failures=$((failures + 1))
  fi
  if ! diff -r "$work/fix-native" "$work/fix-$who" >"$work/fixdiff" 2>&1; then
    echo "$who: --fix wrote different bytes:"; head -20 "$work/fixdiff"
    failures=$((failures + 1))
  fi
done
files=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["files"]), sum(len(f["diagnostics"]) for f in d["files"]))' "$work/native.json")
changed=$( (diff -rq fixtures/bad "$work/fix-native/bad" || true) | wc -l)
[ "$changed" -ge 5 ] || { echo "cross-target: the native --fix changed only $changed files"; exit 1; }
if [ "$failures" -ne 0 ]; then
  echo "cross-target: $failures difference(s)"; exit 1
fi
echo "cross-target: Windows (Wine), aarch64 (QEMU) and static x86_64 programs give the native JSON (files, findings: $files) and fix the same $changed files to the same bytes"
