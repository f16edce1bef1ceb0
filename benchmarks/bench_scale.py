"""Scale benchmark: time ``seclint check`` on a large synthetic tenancy.

Usage::

    python benchmarks/bench_scale.py [--workdir DIR] [--keep] [--runs 3] [--profile]
        [--vcns 200] [--subnets-per-vcn 25] [--rules 100000] [--seed 1]
        [--timeout SECONDS] [--json FILE] [-- extra seclint args]

1. The tenancy comes from ``benchmarks/gen_tenancy.py`` (default: 200 VCNs, 5,000 subnets,
   100,000 rules, 200 OKE clusters).  Without ``--workdir`` it is generated into a temporary
   directory that is deleted at the end unless ``--keep``.  With ``--workdir DIR`` it lives in
   ``DIR/tenancy`` and is generated only when it is not there yet; its counts are kept in
   ``DIR/gen_stats.json``, outside the tenancy, so that seclint never reads them.  A DIR that
   itself holds ``vcn_list.json`` is used as the tenancy as it is (any OCI export works).
2. ``python -m seclint check <tenancy> --format json --output <file> [extra args]`` runs
   ``--runs`` times as a child process.  Wall time is ``time.perf_counter`` around each child.
   Peak RSS is ``ru_maxrss`` of each child, read with ``os.wait4`` (per run), and
   ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` at the end (the maximum over every child);
   ``ru_maxrss`` is KiB on Linux (bytes on macOS) and is reported in MiB.
3. Exit code 0 (clean) or 1 (findings) counts.  2 (input or usage error), any other code, a
   signal, a ``--timeout`` or a Python traceback on stderr is a failure: the benchmark prints
   the child's stderr and exits 1.
4. ``--profile`` adds one run under ``python -m cProfile -o …`` and prints the top 25 entries by
   cumulative time and the top 15 by internal time.

This process never grows before the last child has run (the generator runs as a child too, and
records are counted only at the end): on Linux a child's ``ru_maxrss`` starts from the peak RSS
of the process that spawned it, because the pre-exec memory of a vfork/fork child is the
parent's, so a big parent would inflate every measurement.

``SECLINT_BENCH_CMD`` overrides the ``python -m seclint`` prefix (split like a shell would), for
example to try the script before ``check`` exists::

    SECLINT_BENCH_CMD="python /tmp/stub.py" python benchmarks/bench_scale.py --runs 1

Unix only (``resource``, ``os.wait4``).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import pstats
import resource
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ENV_CMD = "SECLINT_BENCH_CMD"
TRACEBACK = "Traceback (most recent call last)"
OK_EXIT_CODES = (0, 1)


@dataclass
class Run:
    """One child run of the check."""

    seconds: float
    peak_rss_mib: float
    exit_code: int
    stderr: str
    output_bytes: int | None


@dataclass
class Report:
    """Everything the benchmark measured; printed and optionally saved with ``--json``."""

    command: list[str]
    machine: dict[str, Any]
    tenancy: str
    tenancy_files: int
    tenancy_bytes: int
    generator: dict[str, Any] = field(default_factory=dict)
    generation_seconds: float | None = None
    generation_peak_rss_mib: float | None = None
    runs: list[Run] = field(default_factory=list)
    min_seconds: float | None = None
    median_seconds: float | None = None
    max_peak_rss_mib: float | None = None
    rusage_children_peak_rss_mib: float | None = None
    exit_code: int | None = None
    output_summary: str | None = None
    profile_seconds: float | None = None
    profile_cumulative: str | None = None
    profile_tottime: str | None = None
    failure: str | None = None


def rss_mib(maxrss: int) -> float:
    """``ru_maxrss`` in MiB: KiB on Linux and the BSDs, bytes on macOS."""
    return maxrss / (2**20 if sys.platform == "darwin" else 2**10)


def dir_size(path: Path) -> tuple[int, int]:
    """(number of files, total bytes) below ``path``."""
    files = total = 0
    for p in path.rglob("*"):
        if p.is_file():
            files += 1
            total += p.stat().st_size
    return files, total


def count_tenancy(path: Path) -> dict[str, Any]:
    """Counts of an existing tenancy directory, for when no ``gen_stats.json`` describes it."""

    def records(name: str) -> list[dict[str, Any]]:
        file = path / name
        if not file.is_file() or not file.read_text().strip():
            return []
        data = json.loads(file.read_text())
        return list(data.get("data", data) if isinstance(data, dict) else data)

    sls = records("security_list_list.json")
    nsgs = records("nsg_list.json")
    sl_rules = sum(len(s.get("ingress-security-rules") or []) + len(s.get("egress-security-rules") or []) for s in sls)
    nsg_rules = sum(len(n.get("security-rules") or []) for n in nsgs)
    for f in sorted((path / "nsg_rules").glob("*.json")) if (path / "nsg_rules").is_dir() else []:
        text = f.read_text()
        nsg_rules += len(json.loads(text)["data"]) if text.strip() else 0
    return {
        "vcns": len(records("vcn_list.json")),
        "subnets": len(records("subnet_list.json")),
        "route_tables": len(records("route_table_list.json")),
        "security_lists": len(sls),
        "nsgs": len(nsgs),
        "security_list_rules": sl_rules,
        "nsg_rules": nsg_rules,
        "total_rules": sl_rules + nsg_rules,
        "clusters": len(records("ce_cluster_list.json")),
        "node_pools": len(records("ce_node_pool_list.json")),
        "virtual_node_pools": len(records("ce_virtual_node_pool_list.json")),
        "counted_from_files": True,
    }


def machine_info() -> dict[str, Any]:
    """Where the numbers were taken."""
    info: dict[str, Any] = {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
    }
    if hasattr(os, "sched_getaffinity"):
        info["usable_cpus"] = len(os.sched_getaffinity(0))
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["mem_total_mib"] = round(int(line.split()[1]) / 1024)
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        rev = subprocess.run(
            ["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True, text=True, timeout=10
        )
        info["git"] = rev.stdout.strip() or None
    return info


def command_prefix() -> list[str]:
    """``python -m seclint``, or the override from ``SECLINT_BENCH_CMD``."""
    override = os.environ.get(ENV_CMD, "").strip()
    return shlex.split(override) if override else [sys.executable, "-m", "seclint"]


def profile_prefix(prefix: list[str], prof: Path) -> list[str] | None:
    """The prefix with ``-m cProfile -o prof`` after the interpreter, if it is a Python one."""
    exe = Path(prefix[0]).name
    if not exe.startswith(("python", "pypy")) or len(prefix) < 2 or prefix[1] == "-c":
        return None
    return [prefix[0], "-m", "cProfile", "-o", str(prof), *prefix[1:]]


def child_env() -> dict[str, str]:
    """The environment for the check: the repository importable even when not installed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


def run_child(cmd: list[str], output: Path | None, timeout: float | None) -> Run:
    """Run ``cmd`` once; wall time around the child, peak RSS from its own rusage (``os.wait4``).

    ``output`` is deleted first, and its size reported afterwards.
    """
    if output is not None:
        with contextlib.suppress(FileNotFoundError):
            output.unlink()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=REPO, env=child_env())
        except OSError as exc:
            return Run(0.0, 0.0, 127, f"cannot start {cmd[0]!r}: {exc}", None)
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            proc.kill()

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            if timer:
                timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: tell Popen
        err.seek(0)
        stderr = err.read().decode(errors="replace")
        if timed_out.is_set():
            stderr += f"\n[bench_scale] killed after the --timeout of {timeout} s\n"
    size = output.stat().st_size if output is not None and output.is_file() else None
    return Run(round(seconds, 3), round(rss_mib(usage.ru_maxrss), 1), proc.returncode, stderr, size)


def failure_of(run: Run) -> str | None:
    """Why a run does not count, or None if it does."""
    if "[bench_scale] killed after the --timeout" in run.stderr:
        return "timed out"
    if run.exit_code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-run.exit_code).name}"
        return f"killed by signal {-run.exit_code}"
    if run.exit_code == 2:
        return "exit code 2: input or usage error"
    if run.exit_code not in OK_EXIT_CODES:
        return f"unexpected exit code {run.exit_code}"
    if TRACEBACK in run.stderr:
        return f"exit code {run.exit_code} with a Python traceback on stderr"
    return None


def summarize_output(path: Path) -> str:
    """A one-line description of the check's JSON output."""
    if not path.is_file():
        return "no output file written"
    size = path.stat().st_size
    try:
        data = json.loads(path.read_text() or "null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return f"{size} bytes, not JSON ({exc})"
    if isinstance(data, list):
        return f"{size} bytes, JSON list of {len(data)}"
    if isinstance(data, dict):
        parts = [f"{k}: {len(v)}" if isinstance(v, list | dict) else k for k, v in data.items()]
        return f"{size} bytes, JSON object ({', '.join(parts[:8])}{', ...' if len(parts) > 8 else ''})"
    return f"{size} bytes, JSON {type(data).__name__}"


def profile_text(prof: Path, sort: str, limit: int) -> str:
    """``pstats`` output, with the repository and site-packages prefixes shortened."""
    stream = io.StringIO()
    pstats.Stats(str(prof), stream=stream).sort_stats(sort).print_stats(limit)
    text = stream.getvalue()
    prefixes = {str(REPO) + os.sep: "", sysconfig.get_paths()["stdlib"] + os.sep: "<stdlib>/"}
    prefixes.update({p + os.sep: "" for p in sys.path if p.endswith("-packages")})
    for prefix in sorted(prefixes, key=len, reverse=True):
        text = text.replace(prefix, prefixes[prefix])
    # Drop pstats' preamble (the file name and the blank lines around it).
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "function calls" in line), 0)
    return "\n".join(lines[start:]).rstrip()


def prepare_tenancy(args: argparse.Namespace, root: Path, temporary: bool) -> tuple[Path, dict[str, Any] | None]:
    """The tenancy directory and the generator's counts (None: count the files later).

    The generator runs as a child process so that this process stays small: on Linux a child's
    ``ru_maxrss`` includes the peak RSS of the process that forked it (vfork + exec), so a big
    parent would inflate every measurement.
    """
    wanted = {"vcns": args.vcns, "subnets_per_vcn": args.subnets_per_vcn, "rules": args.rules, "seed": args.seed}
    if (root / "vcn_list.json").is_file():
        print(f"reusing tenancy in {root}", file=sys.stderr)
        return root, None
    tenancy = root / "tenancy"
    stats_file = root / "gen_stats.json"
    if (tenancy / "vcn_list.json").is_file():
        counts = json.loads(stats_file.read_text()) if stats_file.is_file() else None
        used = {k: (counts or {}).get("params", {}).get(k) for k in wanted}
        if counts and used != wanted:
            print(f"note: {tenancy} was generated with {used}, not {wanted}; using it as it is", file=sys.stderr)
        print(f"reusing tenancy in {tenancy}", file=sys.stderr)
        return tenancy, counts
    cmd = [sys.executable, str(HERE / "gen_tenancy.py"), str(tenancy), "--stats-json", str(stats_file)]
    for key, value in wanted.items():
        cmd += [f"--{key.replace('_', '-')}", str(value)]
    print(f"generating tenancy into {'a temporary directory' if temporary else tenancy} ...", file=sys.stderr)
    run = run_child(cmd, None, None)
    if run.exit_code != 0 or not stats_file.is_file():
        print(run.stderr, file=sys.stderr)
        raise SystemExit(f"generator failed with exit code {run.exit_code}")
    counts = json.loads(stats_file.read_text())
    counts["generation_wall_seconds"] = run.seconds  # interpreter start-up included
    counts["generation_peak_rss_mib"] = run.peak_rss_mib
    return tenancy, counts


def print_report(rep: Report) -> None:
    gen = rep.generator
    print("\n=== seclint scale benchmark ===")
    m = rep.machine
    print(
        f"machine:    {m.get('cpu_count')} CPUs ({m.get('usable_cpus', '?')} usable), "
        f"{m.get('mem_total_mib', '?')} MiB RAM, {m.get('cpu_model') or m.get('processor') or '?'}"
    )
    print(f"            {m['platform']}, {m['python']}, git {m.get('git') or '-'}")
    print(f"tenancy:    {rep.tenancy}")
    print(
        f"            vcns={gen.get('vcns')} subnets={gen.get('subnets')} "
        f"route_tables={gen.get('route_tables')} security_lists={gen.get('security_lists')} "
        f"nsgs={gen.get('nsgs')} rules={gen.get('total_rules')} (security-list "
        f"{gen.get('security_list_rules')}, nsg {gen.get('nsg_rules')}) clusters={gen.get('clusters')} "
        f"node_pools={gen.get('node_pools')} virtual_node_pools={gen.get('virtual_node_pools')}"
    )
    if rep.generation_seconds is not None:
        gen_time = (
            f"{rep.generation_seconds:.2f} s (generator's own timer; "
            f"{gen['generation_wall_seconds']:.2f} s wall), peak RSS {rep.generation_peak_rss_mib:.1f} MiB"
        )
    else:
        gen_time = "not timed (reused)"
    print(f"            {rep.tenancy_files} files, {rep.tenancy_bytes / 2**20:.1f} MiB; generation {gen_time}")
    print(f"command:    {shlex.join(rep.command)}")
    for i, run in enumerate(rep.runs, 1):
        out = f", output {run.output_bytes} bytes" if run.output_bytes is not None else ""
        print(f"run {i}:      {run.seconds:.2f} s, peak RSS {run.peak_rss_mib:.1f} MiB, exit {run.exit_code}{out}")
    if rep.min_seconds is not None:
        print(f"wall time:  min {rep.min_seconds:.2f} s, median {rep.median_seconds:.2f} s over {len(rep.runs)} runs")
        note = "check runs and the generator" if rep.generation_seconds is not None else "all check runs"
        print(
            f"peak RSS:   max {rep.max_peak_rss_mib:.1f} MiB over the timed runs "
            f"(RUSAGE_CHILDREN, {note}{' and the profile run' if rep.profile_seconds else ''}: "
            f"{rep.rusage_children_peak_rss_mib:.1f} MiB)"
        )
        print(f"exit code:  {rep.exit_code} ({'findings' if rep.exit_code == 1 else 'clean'})")
        print(f"output:     {rep.output_summary}")
    if rep.profile_cumulative:
        print(f"\n--- cProfile run: {rep.profile_seconds:.2f} s wall (profiler overhead included) ---")
        print("top 25 by cumulative time:")
        print(rep.profile_cumulative)
        print("\ntop 15 by internal time:")
        print(rep.profile_tottime)
    if rep.failure:
        print(f"\nFAILED: {rep.failure}")


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    argv = list(argv)
    extra: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1 :]
    parser = argparse.ArgumentParser(
        description="Time `seclint check` (wall time, peak RSS) on a large synthetic tenancy.",
        epilog=f"Arguments after `--` are passed to seclint. {ENV_CMD} overrides `python -m seclint`.",
    )
    parser.add_argument("--workdir", type=Path, help="keep the tenancy here and reuse it next time")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--runs", type=int, default=3, help="timed runs (default 3)")
    parser.add_argument("--profile", action="store_true", help="one more run under cProfile")
    parser.add_argument("--timeout", type=float, default=None, help="kill a run after this many seconds")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--vcns", type=int, default=200)
    parser.add_argument("--subnets-per-vcn", type=int, default=25)
    parser.add_argument("--rules", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args, extra


def main(argv: Sequence[str] | None = None) -> int:
    args, extra = parse_args(sys.argv[1:] if argv is None else argv)
    temporary = args.workdir is None
    root = Path(tempfile.mkdtemp(prefix="seclint-bench-")) if temporary else args.workdir.resolve()
    root.mkdir(parents=True, exist_ok=True)
    try:
        return benchmark(args, extra, root, temporary)
    finally:
        if temporary and not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        elif temporary:
            print(f"kept {root}", file=sys.stderr)


def benchmark(args: argparse.Namespace, extra: list[str], root: Path, temporary: bool) -> int:
    tenancy, counts = prepare_tenancy(args, root, temporary)
    # Never inside the tenancy: seclint reads every *.json below it.
    if tenancy != root:
        return measure(args, extra, root / "check-output.json", tenancy, counts)
    with tempfile.TemporaryDirectory(prefix="seclint-bench-out-") as outdir:
        return measure(args, extra, Path(outdir) / "check-output.json", tenancy, counts)


def measure(
    args: argparse.Namespace, extra: list[str], output: Path, tenancy: Path, counts: dict[str, Any] | None
) -> int:
    """The timed runs, the optional profile run, and the report."""
    files, size = dir_size(tenancy)
    prefix = command_prefix()
    cmd = [*prefix, "check", str(tenancy), "--format", "json", "--output", str(output), *extra]
    rep = Report(command=cmd, machine=machine_info(), tenancy=str(tenancy), tenancy_files=files, tenancy_bytes=size)

    for i in range(args.runs):
        print(f"run {i + 1}/{args.runs} ...", file=sys.stderr)
        run = run_child(cmd, output, args.timeout)
        rep.runs.append(run)
        rep.failure = failure_of(run)
        if rep.failure:
            break
    if not rep.failure:
        codes = {r.exit_code for r in rep.runs}
        if len(codes) > 1:
            print(f"warning: exit codes differ between runs: {sorted(codes)}", file=sys.stderr)
        times = [r.seconds for r in rep.runs]
        rep.min_seconds = min(times)
        rep.median_seconds = statistics.median(times)
        rep.max_peak_rss_mib = max(r.peak_rss_mib for r in rep.runs)
        rep.exit_code = rep.runs[-1].exit_code
        rep.output_summary = summarize_output(output)

    if args.profile and not rep.failure:
        profile(rep, prefix, cmd[len(prefix) :], output, args.timeout)
    # After the last child: RUSAGE_CHILDREN covers the generator (if it ran here) and every check.
    rep.rusage_children_peak_rss_mib = round(rss_mib(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss), 1)

    # Only now may this process grow (reading JSON): see prepare_tenancy.
    rep.generator = counts if counts is not None else count_tenancy(tenancy)
    rep.generation_seconds = rep.generator.get("seconds") if "generation_wall_seconds" in rep.generator else None
    rep.generation_peak_rss_mib = rep.generator.get("generation_peak_rss_mib")

    print_report(rep)
    if rep.failure:
        print("\n--- stderr of the failing run ---", file=sys.stderr)
        print(rep.runs[-1].stderr.rstrip() or "(empty)", file=sys.stderr)
    elif rep.runs[-1].stderr.strip():
        tail = "\n".join(rep.runs[-1].stderr.strip().splitlines()[-10:])
        print(f"\n(last lines of the last run's stderr)\n{tail}")
    if args.json:
        data = asdict(rep)
        for run_data in data["runs"]:
            run_data["stderr"] = run_data["stderr"][-4000:]
        args.json.write_text(json.dumps(data, indent=2) + "\n")
        print(f"results written to {args.json}", file=sys.stderr)
    return 1 if rep.failure else 0


def profile(rep: Report, prefix: list[str], args: list[str], output: Path, timeout: float | None) -> None:
    """One more run under cProfile; its top entries go into the report."""
    prof = output.with_suffix(".prof")
    pcmd = profile_prefix(prefix, prof)
    if pcmd is None:
        print(f"--profile: cannot put cProfile in front of {shlex.join(prefix)!r}; skipped", file=sys.stderr)
        return
    print("profiling run ...", file=sys.stderr)
    with contextlib.suppress(FileNotFoundError):
        prof.unlink()
    run = run_child([*pcmd, *args], output, timeout)
    problem = failure_of(run)
    if problem or not prof.is_file():
        print(f"--profile: run failed ({problem or 'no profile written'})\n{run.stderr}", file=sys.stderr)
        return
    rep.profile_seconds = run.seconds
    rep.profile_cumulative = profile_text(prof, "cumulative", 25)
    rep.profile_tottime = profile_text(prof, "tottime", 15)


if __name__ == "__main__":
    sys.exit(main())
