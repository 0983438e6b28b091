"""``python -m customer360.bench``: the pipeline benchmark (customer360.bench.pipeline)."""

from customer360.bench.pipeline import main

if __name__ == "__main__":
    raise SystemExit(main())
