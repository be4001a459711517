"""A web worker settles its heap once the app is loaded, and the server commands ask for it."""

import gc
from pathlib import Path

from webapp import serving

ROOT = Path(__file__).resolve().parents[2]


def test_the_worker_hook_freezes_what_is_alive():
    """Does gunicorn's post_worker_init hook take the loaded objects out of the collector's
    reach?"""
    gc.unfreeze()
    try:
        serving.post_worker_init(worker=None)
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()


def test_procfile_and_make_run_load_the_hooks():
    """Do both ways of serving (Procfile, make run) start gunicorn with these hooks?"""
    for path in ("Procfile", "Makefile"):
        assert "gunicorn -c python:webapp.serving" in (ROOT / path).read_text(), path
