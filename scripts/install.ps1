# Installs reportlint on Windows from a release folder: the x86_64 Windows
# archive, checked against SHA256SUMS, unpacked into a folder.
#
#   $env:REPORTLINT_DOWNLOAD = "<发布地址或本地文件夹>"; powershell -ExecutionPolicy Bypass -File install.ps1
#
# Settings (environment):
#   REPORTLINT_DOWNLOAD     where the release is: a URL or a local folder. Required.
#   REPORTLINT_INSTALL_DIR  where to put reportlint.exe (default: %LOCALAPPDATA%\reportlint).
$ErrorActionPreference = "Stop"

function Fail($msg) { Write-Error "reportlint 安装失败：$msg"; exit 1 }

$base = $env:REPORTLINT_DOWNLOAD
if (-not $base) { Fail "请用环境变量 REPORTLINT_DOWNLOAD 指明发布地址（网址或本地文件夹），见 README“安装”" }
$base = $base.TrimEnd("/", "\")
$dest = $env:REPORTLINT_INSTALL_DIR
if (-not $dest) { $dest = Join-Path $env:LOCALAPPDATA "reportlint" }
$target = "x86_64-pc-windows-gnu"

$tmp = Join-Path ([System.IO.Path]::GetTempPath()) ("reportlint-" + [guid]::NewGuid())
New-Item -ItemType Directory -Path $tmp | Out-Null
try {
    function Fetch($name) {
        $out = Join-Path $tmp $name
        if ($base -match '^https?://') {
            Invoke-WebRequest -UseBasicParsing -Uri "$base/$name" -OutFile $out
        } else {
            Copy-Item (Join-Path ($base -replace '^file://', '') $name) $out
        }
        return $out
    }
    $sums = Get-Content (Fetch "SHA256SUMS")
    $line = $sums | Where-Object { $_ -match "  (reportlint-\S*-$target\.zip)$" } | Select-Object -First 1
    if (-not $line) { Fail "发布中没有 $target 的安装包" }
    $want, $archive = $line -split '\s+', 2
    $zip = Fetch $archive
    $got = (Get-FileHash -Algorithm SHA256 $zip).Hash.ToLower()
    if ($got -ne $want.ToLower()) { Fail "$archive 的校验和不符（应为 $want，实为 $got）：安装包可能损坏或被替换，未安装" }
    $x = Join-Path $tmp "x"
    Expand-Archive -Path $zip -DestinationPath $x
    $exe = Get-ChildItem -Path $x -Recurse -Filter reportlint.exe | Select-Object -First 1
    if (-not $exe) { Fail "$archive 中没有 reportlint.exe" }
    New-Item -ItemType Directory -Force -Path $dest | Out-Null
    Copy-Item $exe.FullName (Join-Path $dest "reportlint.exe") -Force
    Write-Host "已安装 $(Join-Path $dest 'reportlint.exe')（$archive，校验和已核对）"
    if (-not (($env:PATH -split ';') -contains $dest)) { Write-Host "提示：$dest 不在 PATH 中，请把它加进 PATH" }
} finally {
    Remove-Item -Recurse -Force $tmp
}
