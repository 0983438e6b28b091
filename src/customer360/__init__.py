"""customer360: the Python side of the dbt + DuckDB customer-360 project.

generator/ (synthetic raw exports with ground truth), evaluate/ (identity and recommendations against ground
truth), bench/ (the pipeline and identity benchmarks), architecture (the DAG in docs/architecture.md), project
(where the dbt project is; dbt in an isolated run dir). bench_identity, evaluate_identity,
evaluate_recommendations, febrl and generate/ (a package rather than generate.py, so that git follows edits of the
old generate.py into generator/generate.py) only keep the ``python -m customer360.<name>`` commands.
"""
