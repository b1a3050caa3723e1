"""The Celery app, configured from Django settings (CELERY_* names)."""

import os

from celery import Celery
from celery.signals import worker_init, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings.dev")

app = Celery("workbench")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect  # the solo and thread pools run tasks in this process
@worker_process_init.connect  # each child of the prefork pool
def limit_model_threads(**kwargs) -> None:
    """Give the models CLAIMS_MODEL_THREADS threads in this process.

    torch and the BLAS pools start a thread per core in every process; with
    two worker processes on two cores that is four threads contending for
    two cores (issue #22). Set before any model is loaded.
    """
    from django.conf import settings

    threads = getattr(settings, "CLAIMS_MODEL_THREADS", 0)
    if threads <= 0:
        return
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(threads)  # pools started from now on
    try:
        import torch
    except ImportError:  # pragma: no cover - torch comes with the encoder
        return
    torch.set_num_threads(threads)
