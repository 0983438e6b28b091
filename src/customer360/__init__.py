"""customer360: the Python side of the dbt + DuckDB customer-360 project.

generator/ (synthetic raw exports with ground truth), evaluate/ (identity and recommendations against ground
truth), bench/ (the pipeline and identity benchmarks), architecture (the DAG in docs/architecture.md), project
(where the dbt project is; dbt in an isolated run dir), raw_sources (the list of raw sources, read from the
sources YAML). bench_identity, evaluate_identity, evaluate_recommendations, febrl and generate are thin modules
that keep the ``python -m customer360.<name>`` commands.
"""
