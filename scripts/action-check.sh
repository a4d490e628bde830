#!/usr/bin/env bash
# The GitHub Action's step (action.yml): install reportlint from the release
# (install.sh verifies SHA256SUMS), run `check`, and hand back its exit code
# as the step output `exit-code` (the action fails in a later step, after
# the SARIF upload). Also run by tests/ci_templates.sh against a local release.
#
# Environment: REPORTLINT_DOWNLOAD (the release), INPUT_PATHS, INPUT_FORMAT,
# INPUT_DENY_WARNINGS, INPUT_CONFIG, INPUT_SARIF; GITHUB_OUTPUT (set by GitHub).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin_dir=$(mktemp -d)
export REPORTLINT_INSTALL_DIR="$bin_dir"
if ! sh "$here/install.sh"; then
  echo "exit-code=2" >>"${GITHUB_OUTPUT:-/dev/null}"
  exit 2
fi
exe="$bin_dir/reportlint"
[ -x "$exe" ] || exe="$bin_dir/reportlint.exe"

args=(check --format "${INPUT_FORMAT:-github}")
[ "${INPUT_DENY_WARNINGS:-false}" = "true" ] && args+=(--deny-warnings)
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
read -r -a paths <<<"${INPUT_PATHS:-.}"

if [ "${INPUT_SARIF:-false}" = "true" ]; then
  "$exe" check --quiet --format sarif "${args[@]:3}" "${paths[@]}" >reportlint.sarif || true
fi
"$exe" "${args[@]}" "${paths[@]}"
code=$?
echo "exit-code=$code" >>"${GITHUB_OUTPUT:-/dev/null}"
# The step itself succeeds, so that the SARIF upload still runs; the
# action's last step fails with this code.
exit 0
