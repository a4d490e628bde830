#!/bin/sh
# Installs reportlint from a release folder: picks the archive for this
# machine, checks it against SHA256SUMS, and puts the program in a folder.
#
#   REPORTLINT_DOWNLOAD=<发布地址或本地文件夹> sh install.sh
#
# Settings (environment):
#   REPORTLINT_DOWNLOAD     where the release is: a URL (https://…, http://…, file://…)
#                           or a local folder holding the archives and SHA256SUMS. Required.
#   REPORTLINT_INSTALL_DIR  where to put the program (default: $HOME/.local/bin).
#   REPORTLINT_TARGET       the archive's target, if not this machine's (e.g. x86_64-unknown-linux-musl).
#
# POSIX sh, curl or wget, tar (unzip on Windows), sha256sum or shasum.
set -eu

say() { printf '%s\n' "$*" >&2; }
die() { say "reportlint 安装失败：$*"; exit 1; }

base="${REPORTLINT_DOWNLOAD:-}"
[ -n "$base" ] || die "请用环境变量 REPORTLINT_DOWNLOAD 指明发布地址（网址或本地文件夹），见 README“安装”"
base="${base%/}"
dest="${REPORTLINT_INSTALL_DIR:-${HOME:-.}/.local/bin}"

target="${REPORTLINT_TARGET:-}"
if [ -z "$target" ]; then
  os=$(uname -s 2>/dev/null || echo unknown)
  arch=$(uname -m 2>/dev/null || echo unknown)
  case "$arch" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    loongarch64) arch=loongarch64 ;;
    *) die "不支持的处理器架构：$arch" ;;
  esac
  case "$os" in
    Linux) if [ "$arch" = aarch64 ]; then target=aarch64-unknown-linux-gnu; else target="$arch-unknown-linux-musl"; fi ;;
    Darwin) target="$arch-apple-darwin" ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT) target="$arch-pc-windows-gnu" ;;
    *) die "不支持的操作系统：$os" ;;
  esac
fi

tmp=$(mktemp -d 2>/dev/null || mktemp -d -t reportlint)
trap 'rm -rf "$tmp"' EXIT INT TERM

# fetch NAME → $tmp/NAME, from a URL or a local folder.
fetch() {
  case "$base" in
    http://* | https://*)
      if command -v curl >/dev/null 2>&1; then
        curl -fsSL --retry 3 -o "$tmp/$1" "$base/$1" || die "无法下载 $base/$1"
      elif command -v wget >/dev/null 2>&1; then
        wget -q -O "$tmp/$1" "$base/$1" || die "无法下载 $base/$1"
      else
        die "需要 curl 或 wget"
      fi ;;
    file://*) cp "${base#file://}/$1" "$tmp/$1" 2>/dev/null || die "找不到 ${base#file://}/$1" ;;
    *) cp "$base/$1" "$tmp/$1" 2>/dev/null || die "找不到 $base/$1" ;;
  esac
}

fetch SHA256SUMS
# The archive for this target, whatever the version: reportlint-<版本>-<target>.tar.gz / .zip
line=$(grep -E "  reportlint-[^ ]*-$target\.(tar\.gz|zip)\$" "$tmp/SHA256SUMS" | head -n 1 || true)
[ -n "$line" ] || die "发布中没有 $target 的安装包（见 $base/SHA256SUMS）"
want=${line%% *}
archive=${line##* }
fetch "$archive"

if command -v sha256sum >/dev/null 2>&1; then
  got=$(sha256sum "$tmp/$archive" | cut -d ' ' -f 1)
elif command -v shasum >/dev/null 2>&1; then
  got=$(shasum -a 256 "$tmp/$archive" | cut -d ' ' -f 1)
else
  die "需要 sha256sum 或 shasum 来核对安装包"
fi
[ "$got" = "$want" ] || die "$archive 的校验和不符（应为 $want，实为 $got）：安装包可能损坏或被替换，未安装"

mkdir -p "$tmp/x" "$dest"
case "$archive" in
  *.zip) (cd "$tmp/x" && unzip -q "../$archive") || die "无法解压 $archive" ;;
  *) tar -xzf "$tmp/$archive" -C "$tmp/x" || die "无法解压 $archive" ;;
esac
bin=$(find "$tmp/x" -type f \( -name reportlint -o -name reportlint.exe \) | head -n 1)
[ -n "$bin" ] || die "$archive 中没有 reportlint 程序"
name=$(basename "$bin")
cp "$bin" "$dest/$name.new" && chmod 755 "$dest/$name.new" && mv -f "$dest/$name.new" "$dest/$name" \
  || die "无法写入 $dest"
say "已安装 $dest/$name（$archive，校验和已核对）"
case ":${PATH:-}:" in
  *":$dest:"*) ;;
  *) say "提示：$dest 不在 PATH 中，请把它加进 PATH" ;;
esac
