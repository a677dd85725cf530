"""How much an idle `coach remind` costs: CPU seconds and peak memory over a quiet stretch.

Runs `coach remind` with no reminder due for --seconds (default 60) and, in the same run and the
same way, a bare `python -c "import apscheduler; time.sleep(...)"` as the baseline. Both are
read from /proc/PID (utime+stime from `stat`, VmHWM from `status`; Linux only, no psutil).

Goals: idle CPU (after start-up) < 0.05 s over 60 s; peak memory <= 1.5x the baseline's.

    python benchmarks/bench_remind.py --seconds 60
    python benchmarks/bench_remind.py --seconds 5 --json
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

CPU_GOAL = 0.05  # seconds over 60 s idle
MEMORY_GOAL = 1.5  # VmHWM ratio to the bare apscheduler process
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14, 15)


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/PID/status")


def remind_argv() -> list[str]:
    """`coach remind`, run by this interpreter."""
    return [sys.executable, "-m", "coach", "remind"]


def measure(argv: list[str], seconds: float, env: dict[str, str], ready: str) -> dict[str, float]:
    """Start `argv`, wait for `ready` on its stdout, then idle `seconds`; read CPU and VmHWM."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        started = time.monotonic()
        for line in proc.stdout:
            if ready in line:
                break
            if time.monotonic() - started > 30:
                raise RuntimeError(f"{argv} never printed {ready!r}")
        cpu_ready = cpu_seconds(proc.pid)
        time.sleep(seconds)
        cpu_end = cpu_seconds(proc.pid)
        hwm = peak_kib(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "idle_cpu_s": round(cpu_end - cpu_ready, 3),
        "total_cpu_s": round(total, 3),
        "vmhwm_kib": hwm,
        "exit_code": code,
    }


def quiet_home(folder: Path) -> Path:
    """A COACH_HOME whose only reminder is 6 hours away, so nothing is due while measured."""
    at = datetime.now() + timedelta(hours=6)
    (folder / "config").mkdir(parents=True)
    (folder / "config" / "config.yaml").write_text(
        f'reminders:\n  - routine: daily-prevention\n    at: "{at:%H:%M}"\n'
    )
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="idle time measured")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 if a goal is missed")
    args = parser.parse_args()

    # Measure coach as installed, with its bytecode cached (as pip leaves it), not compiling its
    # sources on the way up: PYTHONDONTWRITEBYTECODE=1 or fresh edits would inflate the peak.
    import coach

    compileall.compile_dir(Path(coach.__file__).parent, quiet=1)

    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
        env["COACH_HOME"] = str(quiet_home(Path(tmp)))
        env["PYTHONUNBUFFERED"] = "1"
        coach = measure(remind_argv(), args.seconds, env, ready="started")
        code = "import apscheduler, time; print('ready', flush=True); time.sleep(3600)"
        base = measure([sys.executable, "-c", code], args.seconds, env, ready="ready")

    cpu_goal = CPU_GOAL  # per minute; a shorter run is held to the same figure
    ratio = coach["vmhwm_kib"] / base["vmhwm_kib"]
    report = {
        "seconds": args.seconds,
        "coach_remind": coach,
        "baseline_import_apscheduler": base,
        "memory_ratio": round(ratio, 2),
        "cpu_goal_s": round(cpu_goal, 4),
        "memory_goal_ratio": MEMORY_GOAL,
        "cpu_ok": coach["idle_cpu_s"] < cpu_goal,
        "memory_ok": ratio <= MEMORY_GOAL,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"idle {args.seconds:g} s, no reminder due")
        print(
            f"  coach remind : idle CPU {coach['idle_cpu_s']:.3f} s "
            f"(goal < {cpu_goal:.3f}), total CPU {coach['total_cpu_s']:.3f} s, "
            f"VmHWM {coach['vmhwm_kib'] / 1024:.1f} MiB, exit {coach['exit_code']}"
        )
        print(
            f"  baseline     : idle CPU {base['idle_cpu_s']:.3f} s, "
            f"total CPU {base['total_cpu_s']:.3f} s, VmHWM {base['vmhwm_kib'] / 1024:.1f} MiB"
        )
        print(f"  memory ratio : {ratio:.2f}x (goal <= {MEMORY_GOAL}x)")
    ok = report["cpu_ok"] and report["memory_ok"] and coach["exit_code"] == 0
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    raise SystemExit(main())
