"""Benchmarks: figures, not pass/fail timing tests. `make bench` runs them all."""
