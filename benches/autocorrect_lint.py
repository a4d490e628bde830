"""AutoCorrect's lint over every .md file under a folder, for the corpus
benchmark: the AutoCorrect engine (its Python binding, autocorrect-py, the
same Rust library as the `autocorrect --lint` command line) with one worker
process per core, as the command line lints files in parallel. Prints the
number of files and of lint findings (AutoCorrect's own spacing and
punctuation rules; it takes no lexicon, so the counts are not comparable to
the lexicon hits)."""

import sys, os, multiprocessing as mp
import autocorrect_py as ac
def lint(path):
    with open(path, encoding="utf-8") as f:
        r = ac.lint_for(f.read(), path)
    return len(r.lines)
if __name__ == "__main__":
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(sys.argv[1]) for f in fs if f.endswith(".md"))
    with mp.Pool(os.cpu_count()) as p:
        print(len(files), sum(p.map(lint, files, chunksize=16)))
