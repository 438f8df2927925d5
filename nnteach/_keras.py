"""One place that imports TensorFlow/Keras quietly.

TensorFlow logs to stderr at import time on some runs and not others. Setting
``TF_CPP_MIN_LOG_LEVEL`` before the first import keeps most of it away.
"""

from __future__ import annotations

import os

__all__ = ["import_keras"]


def import_keras():
    """Import and return the ``keras`` module with TensorFlow's logs turned down."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras

    return keras
