"""Solver work in a child process a job can stop: the job beats a heartbeat into its row,
relays what the child reports, and answers cancellation; a worker that dies takes the child
with it (Linux), and the heartbeat that stops lets `reap_stale` mark the job failed.

Used by rota solves and scenario runs alike.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import queue
import signal
import socket
from collections.abc import Callable
from datetime import UTC, datetime

from sqlmodel import Session

from webapp.models import JobRun

BEAT_SECONDS = 2.0
# Imported once by the fork server, so each child starts without importing them again.
PRELOAD = ["webapp.services.scenarios.runner", "webapp.services.rotas.runner"]


def mark_running(job: JobRun) -> None:
    """The job has started on this worker (the caller commits)."""
    now = datetime.now(UTC)
    job.status, job.started_at, job.heartbeat_at = "running", now, now
    job.worker = f"{socket.gethostname()}:{os.getpid()}"[:80]


def run_in_child(session: Session, job: JobRun, target, args: tuple,
                 relay: Callable[[JobRun, str, object], None]):
    """Run `target(*args, channel)` in a child process until it answers, dies or is cancelled.

    The child puts ("outcome", value) or ("error", text) on the channel, and any other
    (kind, payload) as progress, which `relay` writes into the job row.

    Returns:
        The child's outcome, or a string saying why there is none ("cancelled" or the error).
    """
    context = _context()
    channel = context.Queue()
    child = context.Process(target=target, args=(*args, channel), daemon=True)
    child.start()
    try:
        return _watch(session, job, child, channel, relay)
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)


def _context():
    """Children fork from a server that imported the solver stack once: spawning re-imported
    it in every child (seconds of a loaded core per scenario), and forking the threaded
    worker itself is unsafe. The server ends with the worker, and its children with it."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def _watch(session: Session, job: JobRun, child, channel, relay):
    while True:
        try:
            kind, payload = channel.get(timeout=BEAT_SECONDS)
        except queue.Empty:
            kind, payload = None, None
        if kind in ("outcome", "error"):
            return payload
        if kind is not None:
            relay(job, kind, payload)
        job.heartbeat_at = datetime.now(UTC)
        session.commit()
        session.refresh(job)
        if job.cancel_requested:
            return "cancelled"
        if kind is None and not child.is_alive():
            return f"the solver process stopped unexpectedly (exit code {child.exitcode})"


def die_with_parent() -> None:
    """In the child: ask Linux to kill this process when the worker that started it dies."""
    with contextlib.suppress(OSError):  # not Linux: the child ends at its time limit instead
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
