"""The Word reader over a folder of other projects' .docx test files (the
public corpora of pandoc, Apache POI, python-docx, mammoth, docx-rs…; fetch
them yourself, they are not in this repository): how many files read, how
many are refused and why, and — with LibreOffice installed — how many read
exactly as LibreOffice reads them (whole text, white space and LibreOffice's
bullet glyphs aside; the notes,
which LibreOffice's export leaves out, aside), how many the same once digits
are set aside (LibreOffice writes footnote numbers into the text), and how
many differ, with the first difference of some.

    python3 benches/word_corpora.py REPORTLINT DIR [DIR…]

Each DIR is one corpus; its .docx files are read where they are.
"""

import collections
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPORTLINT = str(Path(sys.argv[1]).resolve())


# The glyphs LibreOffice writes for bullets (reportlint reads a bullet as no
# text: it is no 层次序数), in front of a paragraph.
BULLETS = re.compile(r"^[\s\u00a0]*[•◦▪■□●○◆◇➢►✓✔\uf0a7\uf0b7\uf0d8\uf0fc\uf06e\uf076]+", re.M)


def norm(text):
    return re.sub(r"[\s\u00a0]", "", BULLETS.sub("", text.lstrip("\ufeff")))


def main():
    total = collections.Counter()
    reasons = collections.Counter()
    for corpus in map(Path, sys.argv[2:]):
        files = sorted(corpus.rglob("*.docx"))
        if not files:
            continue
        out = subprocess.run([REPORTLINT, "check", "--format", "json", *map(str, files)], capture_output=True, text=True)
        report = json.loads(out.stdout)
        refused = {}
        for f in report["files"]:
            for d in f["diagnostics"]:
                if d["rule"] == "unreadable-file":
                    why = d["message"].split("：", 1)[1] if "：" in d["message"] else d["message"]
                    refused[f["path"]] = re.sub(r"（.*?）", "", why.split("：")[0])
        read = [p for p in files if str(p) not in refused]
        same = same_but_digits = differ = lo_failed = 0
        examples = []
        with tempfile.TemporaryDirectory() as tmp:
            profile = Path(tmp) / "profile"
            lo = subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", tmp, *map(str, read)],
                                capture_output=True, text=True) if read else None
            for p in read:
                txt = Path(tmp) / (p.stem + ".txt")
                if lo is None or not txt.exists() or not norm(txt.read_text(encoding="utf-8", errors="replace")):
                    lo_failed += 1
                    continue
                theirs = norm(txt.read_text(encoding="utf-8", errors="replace"))
                ours_out = subprocess.run([REPORTLINT, "text", "--plain", str(p)], capture_output=True, text=True).stdout
                ours = norm(ours_out)
                # LibreOffice leaves the notes out (reportlint reads them after
                # the body) and writes footnote numbers at their references:
                # "digits" counts files equal once every digit is set aside.
                digits = lambda s: re.sub(r"\d", "", s)
                if ours.startswith(theirs):
                    same += 1
                elif digits(ours).startswith(digits(theirs)):
                    same_but_digits += 1
                else:
                    differ += 1
                    if len(examples) < 40:
                        k = next((i for i, (a, b) in enumerate(zip(theirs, ours)) if a != b), min(len(theirs), len(ours)))
                        examples.append(f"{p.name}: from character {k}: LibreOffice “{theirs[k:k + 30]}” reportlint “{ours[k:k + 30]}”")
        print(f"{corpus}: {len(files)} files, {len(read)} read, {len(refused)} refused; "
              f"against LibreOffice: {same} the same, {same_but_digits} the same but for digits, {differ} different, "
              f"{lo_failed} not exported by LibreOffice")
        for e in examples:
            print(f"  {e}")
        total.update(files=len(files), read=len(read), refused=len(refused), same=same, digits=same_but_digits,
                     differ=differ, lo_failed=lo_failed)
        reasons.update(refused.values())
    print(f"all: {dict(total)}")
    for why, n in reasons.most_common():
        print(f"  refused {n}: {why}")


main()
