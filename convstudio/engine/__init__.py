"""The pure-NumPy engine: ops, networks, traces, lessons and what the instruments compute; no Qt."""

from convstudio.engine import blas

blas.one_thread()  # before any product: the same sums everywhere, and a core left for the window
