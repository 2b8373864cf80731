"""The pure-NumPy engine: ops, networks, traces, lessons and what the instruments compute; no Qt."""
