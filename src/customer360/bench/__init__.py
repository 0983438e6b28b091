"""Benchmarks: ``python -m customer360.bench`` (this package's __main__: pipeline) and
``python -m customer360.bench_identity`` (identity).

pipeline (a full and an incremental ``dbt build`` per size, docs/benchmark.md), increment (the day-2 data set),
report (the summary and the docs page), identity (customer360 and Splink on FEBRL and generated sets,
docs/identity_benchmark.md).
"""
