"""bot.stop_deadline: a stop signal ends the process even when the shutdown hangs."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

from support.hermetic import REPO

# A loop that installs the deadline, says it is ready, and on SIGTERM "shuts down" by
# awaiting something that never finishes (or, with FAST=1, finishes at once).
SCRIPT = textwrap.dedent("""
    import asyncio, logging, os, sys
    from bot import stop_deadline

    logging.basicConfig(level=logging.INFO, stream=sys.stderr)

    async def serve():
        stop_deadline.install(0.2)
        print("ready", flush=True)
        await asyncio.Event().wait()

    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(serve())
    except SystemExit:
        pass
    if os.environ.get("FAST") != "1":
        loop.run_until_complete(asyncio.Event().wait())  # a shutdown step that never ends
    print("clean exit", flush=True)
""")


def run_and_stop(fast: bool) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(REPO), "FAST": "1" if fast else "0", "PATH": ""}
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT], cwd=REPO, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_a_hung_shutdown_is_ended_with_status_1_and_a_log_line():
    done = run_and_stop(fast=False)
    assert done.returncode == 1
    assert "clean exit" not in done.stdout
    assert "still shutting down" in done.stderr


def test_a_prompt_shutdown_is_untouched():
    done = run_and_stop(fast=True)
    assert done.returncode == 0, done.stderr
    assert "clean exit" in done.stdout
    assert "still shutting down" not in done.stderr
