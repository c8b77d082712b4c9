"""Runs the benchmark rows of rows.tsv, jkeras and its references alternately, and writes BENCHMARKS.md.

Each program runs in its own process, so that its peak RSS (from wait4's rusage) is its own; it prints
one JSON object per figure on stdout (see README.md). Figures are medians over the repeats; the peak
RSS of a side is the largest over its repeats.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def parse_rows(path):
    rows = []
    for line in path.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, java, refs, args, description = line.split("\t")
        rows.append({"name": name, "java": java, "refs": [r.strip() for r in refs.split(",") if r.strip()],
                     "args": [] if args.strip() == "-" else args.split(), "description": description})
    return rows


class Programs:
    """How to start a jkeras main, a Java reference or a Python reference."""

    def __init__(self, quick, shared, work):
        self.quick = quick
        self.shared = shared
        self.work = work
        self.python = os.environ.get("JKERAS_BENCH_PYTHON", sys.executable)
        self.classpath = os.environ["JKERAS_BENCH_CP"]
        self.java_opts = os.environ.get("JKERAS_BENCH_JAVA_OPTS", "-Xmx2g").split()

    def args(self, row):
        subst = {"{pets_train}": str(self.shared / "data" / "pets" / "train"), "{work}": str(self.work)}
        out = [subst.get(a, a) for a in row["args"]]
        return out + (["--quick"] if self.quick else [])

    def setup(self, row):
        """The row's setup command (python/ROW_setup.py, run once before its programs), or None."""
        script = HERE / "python" / f"{row['name']}_setup.py"
        return [self.python, str(script)] + self.args(row) if script.exists() else None

    def command(self, program, row):
        if program.endswith(".py"):
            return [self.python, str(HERE / program)] + self.args(row)
        cls = program[len("java:"):] if program.startswith("java:") else program
        if "." not in cls:
            cls = "org.jkeras.bench." + cls
        return ["java", *self.java_opts, "-cp", self.classpath, cls] + self.args(row)

    @staticmethod
    def label(program, figures=()):
        """"jkeras" for the jkeras main; a reference is named by its figures' "ref" ("keras" is Keras)."""
        if not program.endswith(".py") and not program.startswith("java:"):
            return "jkeras"
        refs = {f.get("ref") for f in figures if f.get("ref")}
        if len(refs) == 1:
            ref = refs.pop()
            return "Keras" if ref == "keras" else ref
        return "Keras" if program.endswith(".py") else program[len("java:"):]


def run_process(cmd, timeout):
    """Runs cmd; returns (figures, peak RSS in MiB, seconds). Raises with stderr's tail on failure."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
    with tempfile.TemporaryFile() as err:
        start = time.time()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, env=env, cwd=ROOT)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            out = proc.stdout.read().decode(errors="replace")
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.time() - start
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read().decode(errors="replace")[-3000:]
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}) after {seconds:.0f}s:\n{tail}")
    figures = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return figures, usage.ru_maxrss / 1024.0, seconds


def machine():
    info = {}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        models = [l.split(":", 1)[1].strip() for l in cpuinfo.splitlines() if l.startswith("model name")]
        info["CPU"] = models[0] if models else platform.processor()
    except OSError:
        info["CPU"] = platform.processor() or "unknown"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    info["Cores available"] = str(cores)
    try:
        mem = [l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")][0]
        info["RAM"] = f"{int(mem.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, IndexError):
        pass
    info["OS"] = f"{platform.system()} {platform.release()}"
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    info["Java"] = java[0] if java else "unknown"
    versions = subprocess.run(
        [os.environ.get("JKERAS_BENCH_PYTHON", sys.executable), "-c",
         "import platform, tensorflow as tf, keras; print(platform.python_version(), tf.__version__, keras.__version__)"],
        capture_output=True, text=True, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")).stdout.split()
    if len(versions) == 3:
        info["Python / TensorFlow / Keras"] = " / ".join(versions)
    info["TF-Java"] = "1.1.0 (TensorFlow 2.18.0 runtime)"
    return info


def fmt(value):
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def collect(rows, programs, repeats, timeout, log):
    """{row name: {label: {"figures": {what: [values]}, "rss": [MiB], "meta": {what: figure}}}}"""
    results = {r["name"]: {} for r in rows}
    for row in rows:
        setup = programs.setup(row)
        if setup:
            log(f"{row['name']}: setup ...")
            try:
                _, _, seconds = run_process(setup, timeout)
                log(f"  done in {seconds:.0f}s")
            except RuntimeError as e:
                log(f"  SETUP FAILED: {e}")
                row["setup_failed"] = True
    for rep in range(repeats):
        for row in rows:
            if row.get("setup_failed"):
                results[row["name"]].setdefault("setup", {"figures": {}, "rss": [], "meta": {}, "failed": True})
                continue
            for program in [row["java"], *row["refs"]]:
                label = Programs.label(program)
                cmd = programs.command(program, row)
                log(f"[{rep + 1}/{repeats}] {row['name']}: {label} ...")
                try:
                    figures, rss, seconds = run_process(cmd, timeout)
                except RuntimeError as e:
                    log(f"  FAILED: {e}")
                    results[row["name"]].setdefault(label, {"figures": {}, "rss": [], "meta": {}, "failed": True})
                    continue
                # One program may report for several references (seed_augment.py: cv2, then Keras's
                # layers): each figure goes to the side its own "ref" names.
                groups = {}
                for f in figures:
                    groups.setdefault(Programs.label(program, [f]), []).append(f)
                for label, group in (groups or {Programs.label(program): []}).items():
                    side = results[row["name"]].setdefault(label, {"figures": {}, "rss": [], "meta": {}})
                    side["rss"].append(rss)
                    for f in group:
                        side["figures"].setdefault(f["what"], []).append(f["value"])
                        side["meta"][f["what"]] = f
                shown = ", ".join(f"{fmt(f['value'])} {f['unit']}" for f in figures)
                log(f"  {shown}; peak RSS {rss:,.0f} MiB; {seconds:.0f}s")
    return results


def table(rows, results):
    """One line per (figure, reference): the jkeras figure against each reference's figure of the same `what`."""
    lines = []
    for row in rows:
        res = results[row["name"]]
        java = res.get("jkeras", {"figures": {}, "rss": [], "meta": {}})
        for what, values in java["figures"].items():
            meta = java["meta"][what]
            jv = statistics.median(values)
            refs = [(label, side) for label, side in res.items() if label != "jkeras" and what in side["figures"]]
            for label, side in refs or [(None, None)]:
                line = {"row": row["name"], "what": what, "unit": meta["unit"], "better": meta["better"],
                        "jkeras": jv, "jkeras_rss": max(java["rss"]) if java["rss"] else None,
                        "ref": label, "ref_value": None, "ref_rss": None, "ratio": None, "meta": meta}
                if side is not None:
                    rv = statistics.median(side["figures"][what])
                    line["ref_value"] = rv
                    line["ref_rss"] = max(side["rss"]) if side["rss"] else None
                    # Cost ratio: time(jkeras) / time(reference); <= 1 means jkeras is as fast or faster.
                    line["ratio"] = jv / rv if meta["better"] == "lower" else rv / jv
                lines.append(line)
    return lines


def markdown_table(lines):
    out = ["| What | jkeras | Reference | Reference figure | Ratio jkeras/ref (time) | Peak RSS jkeras | Peak RSS ref |",
           "|---|---|---|---|---|---|---|"]
    for l in lines:
        ref = l["ref"] or "-"
        rv = f"{fmt(l['ref_value'])} {l['unit']}" if l["ref_value"] is not None else "-"
        ratio = f"{l['ratio']:.2f}" if l["ratio"] is not None else "-"
        jr = f"{l['jkeras_rss']:,.0f} MiB" if l["jkeras_rss"] else "-"
        rr = f"{l['ref_rss']:,.0f} MiB" if l["ref_rss"] else "-"
        out.append(f"| {l['what']} | {fmt(l['jkeras'])} {l['unit']} | {ref} | {rv} | {ratio} | {jr} | {rr} |")
    return "\n".join(out)


def limits(lines):
    """The machine's limits measured in this run: {"float32": GFLOP/s, "bfloat16": GFLOP/s, "memory": GB/s}, the
    higher of the matmul row's two sides (the same TF kernel from Java and from Python: the lower one was disturbed)."""
    out = {}
    for l in lines:
        if l["row"] == "matmul":
            dtype = l["what"].split()[0]
            out[dtype] = max(out.get(dtype, 0), l["jkeras"], l["ref_value"] or 0)
    return out


def rate_of(meta, value):
    """A line's GFLOP/s (training steps: meta "gflop" per step of `value` ms) or GB/s (input pipelines: meta "bytes",
    the least memory moved per image of an images/s figure or per batch of a ms figure), or None."""
    if meta.get("gflop"):
        return meta["gflop"] / (value / 1000)
    if meta.get("bytes"):
        return meta["bytes"] * (value if meta["better"] == "higher" else 1000 / value) / 1e9
    return None


def fraction_of_limit(line, peaks, value=None):
    """(fraction, limit name) of a line's GFLOP/s against the matmul rate of its dtype, or of its GB/s against the
    memory bandwidth; None where no limit applies. `value`: another figure of the line (a reference's)."""
    meta = line["meta"]
    dtype = meta.get("limit", "float32")
    rate = rate_of(meta, line["jkeras"] if value is None else value)
    if rate is None or dtype not in peaks:
        return None
    return rate / peaks[dtype], ("memory bandwidth" if dtype == "memory" else f"{dtype} matmul")


def summary(rows, lines):
    """One line: per row, jkeras/Keras (time ratio of its first figure against Keras) and jkeras/limit where one applies."""
    peaks = limits(lines)
    parts = []
    for row in rows:
        mine = [l for l in lines if l["row"] == row["name"]]
        if not mine:
            continue
        keras = next((l for l in mine if l["ref"] == "Keras" and l["ratio"] is not None), None)
        text = f"{row['name']} {keras['ratio']:.2f}" if keras else f"{row['name']} -"
        share = next((s for s in (fraction_of_limit(l, peaks) for l in mine) if s), None)
        if share:
            text += f" ({share[0]:.0%} of {share[1]})" if share[0] >= 0.1 else f" ({share[0]:.1%} of {share[1]})"
        parts.append(text)
    return ("**Summary**, per row: jkeras/Keras (time; at most 1.00 is as fast or faster), and in brackets "
            "jkeras's share of the machine's limit measured in this run where one applies: " + "; ".join(parts) + ".")


def notes(lines):
    out = []
    peaks = limits(lines)
    by_what = {}
    for l in lines:
        if fraction_of_limit(l, peaks):
            by_what.setdefault(l["what"], []).append(l)
    for what, group in by_what.items():
        dtype = group[0]["meta"].get("limit", "float32")
        if dtype == "memory":
            first = group[0]
            share = fraction_of_limit(first, peaks)[0]
            text = (f"- {what}: at least {first['meta']['bytes'] / 1e6:,.2f} MB of memory moved per "
                    f"{'image' if first['meta']['better'] == 'higher' else 'batch'}, so jkeras's {fmt(first['jkeras'])} "
                    f"{first['unit']} is {rate_of(first['meta'], first['jkeras']):.2f} GB/s, "
                    f"{share:.1%} of the measured memory bandwidth ({fmt(peaks[dtype])} GB/s)")
            for l in group:
                if l["ref"] and l["ref_value"]:
                    text += f"; {l['ref']}'s {fmt(l['ref_value'])} {l['unit']} is {fraction_of_limit(l, peaks, l['ref_value'])[0]:.1%}"
            out.append(text + (": far from the memory limit, the work is computation (decoding, interpolation)."
                               if share < 0.5 else ": near the memory limit."))
            continue
        gflop, peak, jv = group[0]["meta"]["gflop"], peaks[dtype], group[0]["jkeras"]
        share = lambda ms: gflop / (ms / 1000) / peak
        text = (f"- {what}: about {gflop:.0f} GFLOP a step (forward and backward of the convolutions and dense "
                f"layers), so jkeras's {fmt(jv)} ms is {gflop / (jv / 1000):.0f} GFLOP/s, {share(jv):.0%} of the "
                f"measured {dtype} matmul throughput ({fmt(peak)} GFLOP/s)")
        for l in group:
            if l["ref"] and l["ref_value"]:
                text += f"; {l['ref']}'s {fmt(l['ref_value'])} ms is {share(l['ref_value']):.0%}"
        out.append(text + ".")
    misses = []
    for l in lines:
        if l["ratio"] is not None and l["ratio"] > 1.0:
            misses.append(f"- slower than {l['ref']}: {l['what']} (ratio {l['ratio']:.3f})")
        if l["ref_rss"] and l["jkeras_rss"] and l["jkeras_rss"] > l["ref_rss"]:
            misses.append(f"- more peak memory than {l['ref']}: {l['what']} "
                          f"({l['jkeras_rss']:,.0f} vs {l['ref_rss']:,.0f} MiB)")
    return out, sorted(set(misses), key=misses.index)


def write_markdown(path, args, info, lines, load_before, load_after, started, failed, rows):
    quick_note = (
        "> **Quick mode** (`src/bench/run --quick`): fewer steps and smaller inputs where the row says so. "
        "Indicative only; the figures of record come from the full run on a quiet machine.\n\n" if args.quick else "")
    calm = ("> **The machine was busy** (load average above the core count during the run): figures are "
            "inflated and noisy; rerun on a quiet machine.\n\n"
            if max(load_before[0], load_after[0]) > info_cores(info) else "")
    perf_notes, misses = notes(lines)
    parts = [
        "# Benchmarks: jkeras against Keras on the same machine\n",
        f"Produced by `src/bench/run{' --quick' if args.quick else ''}` on {started} "
        f"({args.repeats} repeat{'s' if args.repeats > 1 else ''}, jkeras and references alternating, each program "
        "in its own process). Written by the runner; rerun it to refresh.\n",
        quick_note + calm,
        "## Machine\n",
        "| | |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in info.items()),
        f"| Load average (1 min) before / after | {load_before[0]:.2f} / {load_after[0]:.2f} |\n",
        "## Results\n",
        "Figures are medians over the repeats; peak RSS is the largest resident set of the program's process "
        "(the JVM or the Python interpreter, TensorFlow's native memory included). *Ratio* is the ratio of "
        "times, jkeras over reference (for throughput rows the inverse ratio of the figures): at most 1.00 "
        "means jkeras is at least as fast. The Java side runs with "
        f"`{os.environ.get('JKERAS_BENCH_JAVA_OPTS', '-Xmx2g')}`.\n",
        summary(rows, lines) + "\n",
        markdown_table(lines) + "\n",
    ]
    if failed:
        parts.append("**Programs that failed** (no figure): " + ", ".join(failed) + "\n")
    if perf_notes:
        parts.append("## The rows against this machine's limits\n\n" + "\n".join(perf_notes) + "\n")
    parts.append("## Where jkeras does not meet the goal (at least as fast, no more memory)\n\n"
                 + ("\n".join(misses) if misses else "Nowhere in this run.") + "\n")
    closing = HERE / "NOTES.md"
    if closing.exists():
        parts.append(closing.read_text())
    text = "\n".join(parts)
    tmp = path.with_name("." + path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def info_cores(info):
    try:
        return int(info["Cores available"])
    except (KeyError, ValueError):
        return os.cpu_count() or 1


def main(argv):
    p = argparse.ArgumentParser(prog="src/bench/run", description=__doc__)
    p.add_argument("--quick", action="store_true", help="small sizes and few steps: under 5 minutes")
    p.add_argument("--repeats", type=int, help="runs of each program (default 3, 1 with --quick)")
    p.add_argument("--rows", help="comma-separated row names (default: all of rows.tsv)")
    p.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"), help="where to write the report")
    p.add_argument("--timeout", type=int, default=1800, help="seconds allowed to one program")
    args = p.parse_args(argv)
    args.repeats = args.repeats or (1 if args.quick else 3)
    rows = parse_rows(HERE / "rows.tsv")
    if args.rows:
        wanted = args.rows.split(",")
        unknown = set(wanted) - {r["name"] for r in rows}
        if unknown:
            p.error(f"unknown row(s): {', '.join(sorted(unknown))}; rows.tsv has {', '.join(r['name'] for r in rows)}")
        rows = [r for r in rows if r["name"] in wanted]
    shared = Path(os.environ.get("JKERAS_SHARED", ROOT.parent / "shared"))

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    started = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    info = machine()
    load_before = os.getloadavg()
    t0 = time.time()
    # A folder of the runner's own for files rows share ({work}; e.g. the .keras file a setup writes).
    work = Path(tempfile.mkdtemp(prefix="jkeras-bench-"))
    try:
        results = collect(rows, Programs(args.quick, shared, work), args.repeats, args.timeout, log)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()
    lines = table(rows, results)
    failed = [f"{name}/{label}" for name, res in results.items() for label, side in res.items() if side.get("failed")]
    write_markdown(Path(args.out), args, info, lines, load_before, load_after, started, failed, rows)
    print(markdown_table(lines))
    log(f"wrote {args.out} ({time.time() - t0:.0f}s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
