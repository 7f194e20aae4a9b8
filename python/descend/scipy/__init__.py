"""`descend.scipy`: SciPy functions on descend arrays (the counterpart of `jax.scipy`)."""

from . import special  # noqa: F401
