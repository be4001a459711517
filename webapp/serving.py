"""How a web worker process settles once the app is loaded (gunicorn reads these hooks:
`gunicorn -c python:webapp.serving`)."""

import gc


def settle_heap() -> None:
    """Move everything alive now (the app, its templates, SQLAlchemy's and WeasyPrint's
    modules) out of the garbage collector's reach.

    Those objects live as long as the process, yet every full collection walked all of them:
    about 190,000 objects, 90 ms, once every 18 or so requests, which was most of a staff
    search's 95th percentile. Frozen, a full collection walks only what requests left behind.
    """
    gc.freeze()


def post_worker_init(worker) -> None:  # noqa: ARG001 (gunicorn's hook signature)
    """Settle the heap once the worker has loaded the app."""
    settle_heap()
