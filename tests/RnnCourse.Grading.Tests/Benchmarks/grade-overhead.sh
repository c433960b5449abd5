#!/usr/bin/env bash
# Grading overhead per submission beyond the submission's own run time.
# Releases an assignment (the Basics example, or the course's notebook 02), makes N submissions
# (70% correct, 20% partly wrong, 10% untouched), grades them with `rnncourse grade`, and
# summarises the per-submission JSON reports: overhead = wall-clock grading time − time spent
# running the submission's cells and tests, and the peak memory of the grader with its workers.
# Usage: tests/RnnCourse.Grading.Tests/Benchmarks/grade-overhead.sh [N=100] [JOBS=1] [basics|02] [SANDBOX=auto|off|required]
set -euo pipefail
cd "$(dirname "$0")/../../.."
n=${1:-100}
jobs=${2:-1}
assignment=${3:-basics}
sandbox=${4:-auto}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
case "$assignment" in
basics)
  hidden=tests/RnnCourse.Grading.Tests/Assignments/Basics/hidden
  name=basics
  ;;
02)
  # The course notebook and its hidden tests; honest answers from the hostile corpus.
  name=02-elman-rnn-and-bptt
  hidden=$work/hidden
  mkdir -p "$hidden"
  cp tests/grading/$name/*.cs "$hidden/"
  [ -f "tests/grading/$name/$name.ipynb" ] && cp "tests/grading/$name/$name.ipynb" "$hidden/" || cp "notebooks/$name.ipynb" "$hidden/"
  ;;
*)
  echo "grade-overhead.sh: assignment '$assignment' unknown; use basics or 02" >&2
  exit 2
  ;;
esac
dotnet build lib/RnnCourse.Runner -c Release -v quiet -nologo >/dev/null
rnncourse() { dotnet lib/RnnCourse.Runner/bin/Release/net10.0/RnnCourse.Runner.dll "$@"; }
rnncourse release "$hidden/$name.ipynb" -o "$work/released" >/dev/null
python3 - "$work/released/$name.ipynb" "$work/subs" "$n" "$assignment" <<'PY'
import glob, json, os, sys
src, out, n, which = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
os.makedirs(out)
good = {
    "1.1": "double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));",
    "1.2": "Tensor<double> Affine(Tensor<double> W, Tensor<double> x, Tensor<double> b)\n{\n    var y = b.Clone();\n    for (int h = 0; h < W.Rows; h++)\n        for (int i = 0; i < W.Cols; i++)\n            y[h] += W[h, i] * x[i];\n    return y;\n}",
    "1.3": "double SigmoidGrad(double x) { var s = Sigmoid(x); return s * (1 - s); }",
}
wrong = dict(good, **{"1.1": "double Sigmoid(double x) => 0.5;", "1.3": "double SigmoidGrad(double x) => Sigmoid(x);"})
if which == "02":
    corpus = "tests/RnnCourse.Grading.Tests/Corpus/02-elman-rnn-and-bptt"
    good = {ex: open(f"{corpus}/honest-{ex}.cs").read() for ex in ("2.1", "2.2", "2.3")}
    wrong = dict(good, **{"2.2": "double[] StepBackward(ElmanWeights w, ElmanWeights g, double[] x, double[] hPrev, double[] h, double[] dh) => new double[w.H];"})
for i in range(n):
    nb = json.load(open(src))
    kind = i % 10
    answers = None if kind == 9 else (wrong if kind >= 7 else good)
    for c in nb["cells"]:
        ex = c.get("metadata", {}).get("rnncourse", {}).get("exercise")
        if ex and answers:
            c["source"] = answers[ex]
    json.dump(nb, open(os.path.join(out, f"student{i:03d}.ipynb"), "w"), indent=1)
PY
start=$(date +%s.%N)
/usr/bin/time -f "%U %S" -o "$work/cpu" \
  dotnet lib/RnnCourse.Runner/bin/Release/net10.0/RnnCourse.Runner.dll grade "$work/subs" --hidden "$hidden" -o "$work/out" --jobs "$jobs" --sandbox "$sandbox" >/dev/null &
grader=$!
# Peak memory: the resident set of the grader and all its workers together, sampled every 0.2 s.
python3 - "$grader" >"$work/peak" <<'PY' &
import os, sys, time
root, peak = int(sys.argv[1]), 0
def rss_kb(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
while os.path.exists(f"/proc/{root}"):
    children = {}
    for p in filter(str.isdigit, os.listdir("/proc")):
        try:
            ppid = int(open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(p))
        except (OSError, IndexError, ValueError):
            pass
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    peak = max(peak, sum(rss_kb(p) for p in tree))
    time.sleep(0.2)
print(peak)
PY
sampler=$!
wait "$grader"
wait "$sampler"
end=$(date +%s.%N)
python3 - "$work/out" "$n" "$jobs" "$start" "$end" "$work/cpu" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)" "$(cat "$work/peak")" <<'PY'
import glob, json, statistics, sys
out, n, jobs, start, end, cpu, cores, load, peak = sys.argv[1:]
reports = [json.load(open(f)) for f in glob.glob(out + "/student*.json")]
over = sorted(r["timings"]["overheadMs"] / 1000 for r in reports)
run = [r["timings"]["runMs"] / 1000 for r in reports]
user, sys_ = map(float, open(cpu).read().split()[-2:])
wall = float(end) - float(start)
print(f"submissions {len(reports)} (jobs {jobs}, {cores} cores, load average {load} at the end)")
print(f"isolation: {reports[0]['isolation']}")
print(f"overhead per submission: mean {statistics.mean(over):.2f} s, median {statistics.median(over):.2f} s, p95 {over[int(0.95 * (len(over) - 1))]:.2f} s")
print(f"own run time per submission: mean {statistics.mean(run) * 1000:.1f} ms")
print(f"whole run: {wall:.1f} s wall ({wall / len(reports):.2f} s per submission), CPU {user + sys_:.1f} s ({(user + sys_) / len(reports):.2f} s per submission)")
print(f"peak memory (grader and workers together): {int(peak) / 1024:.0f} MiB; worker: {reports[0]['tool'].get('worker', '?')}")
print(f"scores: mean {statistics.mean(r['score'] for r in reports):.2f} / {reports[0]['maxScore']}")
PY
