"""A stop signal that always ends the process.

PTB answers SIGINT/SIGTERM by raising SystemExit in the event loop and then stopping the
updater, waiting for the handlers in flight and shutting the HTTP clients down. Each step
awaits the network, and a request whose cancellation is shielded inside httpcore/anyio can
keep one of them waiting far longer than any answer takes. The handler installed here does
what PTB's does and also arms a timer: if the process is still alive `seconds` later, it
logs that and exits with status 1. Updates it had not acknowledged are fetched again by the
next run, so nothing is lost beyond the answers still in flight.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
from typing import NoReturn

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def install(seconds: float) -> None:
    """Replace PTB's stop-signal handlers of the running loop (call from post_init)."""
    loop = asyncio.get_running_loop()
    try:
        for sig in STOP_SIGNALS:
            loop.add_signal_handler(sig, _stop, seconds)
    except (NotImplementedError, RuntimeError):  # no signal support here: PTB's, if any, stay
        log.debug("stop deadline not installed: the event loop cannot handle signals")


def _stop(seconds: float) -> NoReturn:
    timer = threading.Timer(seconds, _give_up, args=(seconds,))
    timer.daemon = True  # never what keeps a finished process alive
    timer.start()
    raise SystemExit  # what PTB's own handler does: run_polling/run_webhook then shut down


def _give_up(seconds: float) -> None:
    log.error("still shutting down %.0fs after the stop signal; exiting now "
              "(unacknowledged updates will be fetched again by the next run)", seconds)
    logging.shutdown()
    os._exit(1)
