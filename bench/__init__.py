"""Benchmarks: `python -m bench.run` (or `make bench`) prints `BENCH <name> <value> <unit>` lines."""
