#!/usr/bin/env bash
# The CI templates run as written, end to end, against a release folder
# served on 127.0.0.1 (what `scripts/dist` writes): install.sh (download,
# checksum, install), the GitHub Action's step (scripts/action-check.sh:
# annotations, SARIF, exit code), the GitLab template's script (ci/gitlab-ci.yml:
# Code Quality and JUnit reports, exit status), and a release whose checksum
# does not match (nothing may be installed or run). Run by .ci/run.
#
#   tests/ci_templates.sh RELEASE_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
release=$(realpath "$1")
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

python3 -c "import yaml" 2>/dev/null || python3 -m pip install -q pyyaml

# A good and a tampered copy of the release, served on loopback only.
cp -r "$release" "$work/good"
cp -r "$release" "$work/bad"
python3 - "$work/bad/SHA256SUMS" <<'PY'
import sys
p = sys.argv[1]
lines = open(p).read().splitlines()
# Every checksum changed in its first digit.
out = [("0" if l[0] != "0" else "1") + l[1:] for l in lines]
open(p, "w").write("\n".join(out) + "\n")
PY
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$work" "$port" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  curl -fsS "http://127.0.0.1:$port/good/SHA256SUMS" >/dev/null 2>&1 && break
  sleep 0.1
done
good="http://127.0.0.1:$port/good"
bad="http://127.0.0.1:$port/bad"
fail() { echo "ci_templates: $*" >&2; exit 1; }

# A report repository: one report with an error.
project="$work/project"
mkdir -p "$project/reports"
cp fixtures/bad/standard-term.md "$project/reports/"

# 1. install.sh: downloads, checks, installs a program that runs.
REPORTLINT_DOWNLOAD="$good" REPORTLINT_INSTALL_DIR="$work/bin" sh "$release/install.sh" 2>"$work/install.err" \
  || fail "install.sh failed: $(cat "$work/install.err")"
grep -q "校验和已核对" "$work/install.err" || fail "install.sh did not say it checked: $(cat "$work/install.err")"
"$work/bin/reportlint" --version | grep -q "^reportlint " || fail "the installed program does not run"

# 2. A tampered release: install.sh refuses and installs nothing.
if REPORTLINT_DOWNLOAD="$bad" REPORTLINT_INSTALL_DIR="$work/bin-bad" sh "$release/install.sh" 2>"$work/bad.err"; then
  fail "install.sh accepted a wrong checksum"
fi
grep -q "校验和不符" "$work/bad.err" || fail "no checksum message: $(cat "$work/bad.err")"
[ ! -e "$work/bin-bad/reportlint" ] || fail "a program was installed from a tampered release"

# 3. The GitHub Action's step, as action.yml runs it (its scripts folder is
#    $GITHUB_ACTION_PATH/scripts; the release's install.sh is the same file).
(
  cd "$project"
  export GITHUB_OUTPUT="$work/gh-output" REPORTLINT_DOWNLOAD="$good"
  export INPUT_PATHS="reports" INPUT_FORMAT=github INPUT_DENY_WARNINGS=false INPUT_CONFIG="" INPUT_SARIF=true
  bash "$repo/scripts/action-check.sh" >"$work/gh.out" 2>"$work/gh.err"
) || fail "the action's step failed itself: $(cat "$work/gh.err")"
grep -q "^exit-code=1$" "$work/gh-output" || fail "exit-code is not 1: $(cat "$work/gh-output")"
grep -q "^::error file=reports/standard-term.md,line=26" "$work/gh.out" || fail "no annotation: $(cat "$work/gh.out")"
python3 - "$project/reportlint.sarif" <<'PY' || fail "reportlint.sarif is not a SARIF log with the finding"
import json, sys
log = json.load(open(sys.argv[1]))
results = log["runs"][0]["results"]
assert any(r["ruleId"] == "standard-term" for r in results), results
PY
# The action against a tampered release: exit code 2, nothing run.
(
  cd "$project"
  rm -f reportlint.sarif
  export GITHUB_OUTPUT="$work/gh-output-bad" REPORTLINT_DOWNLOAD="$bad" INPUT_PATHS=reports INPUT_SARIF=true
  bash "$repo/scripts/action-check.sh" >/dev/null 2>&1 || true
)
grep -q "^exit-code=2$" "$work/gh-output-bad" || fail "a tampered release did not fail the action"
[ ! -e "$project/reportlint.sarif" ] || fail "the action ran a program from a tampered release"

# 4. The GitLab template's script, line by line as a runner runs it.
python3 - "$repo/ci/gitlab-ci.yml" >"$work/gitlab.sh" <<'PY'
import sys, yaml
job = yaml.safe_load(open(sys.argv[1]))[".reportlint"]
print("set -e")
for k, v in job["variables"].items():
    print(f'export {k}="${{{k}:-{v}}}"')
for line in job.get("before_script", []) + job["script"]:
    print(line)
PY
run_gitlab() {
  (cd "$project" && CI_PROJECT_DIR="$project" REPORTLINT_DOWNLOAD="$1" REPORTLINT_PATHS=reports sh "$work/gitlab.sh")
}
status=0
run_gitlab "$good" >"$work/gl.out" 2>&1 || status=$?
[ "$status" -eq 1 ] || fail "GitLab job exited $status (want 1: the report has an error): $(cat "$work/gl.out")"
python3 - "$project/gl-code-quality-report.json" "$project/reportlint-junit.xml" <<'PY' || fail "GitLab reports are wrong"
import json, sys, xml.etree.ElementTree as ET
issues = json.load(open(sys.argv[1]))
assert any(i["check_name"] == "standard-term" and i["location"]["path"] == "reports/standard-term.md" for i in issues), issues
suite = ET.parse(sys.argv[2]).getroot()
assert "standard-term" in ET.tostring(suite, encoding="unicode")
PY
rm -f "$project/gl-code-quality-report.json"
status=0
run_gitlab "$bad" >"$work/gl-bad.out" 2>&1 || status=$?
[ "$status" -ne 0 ] || fail "the GitLab job passed with a tampered release"
grep -q "校验和不符" "$work/gl-bad.out" || fail "no checksum message in the GitLab job: $(cat "$work/gl-bad.out")"
[ ! -e "$project/gl-code-quality-report.json" ] || fail "the GitLab job ran a program from a tampered release"

echo "ci_templates: install.sh, the GitHub Action's step and the GitLab template ran as written against a local release; a wrong checksum stopped each"
