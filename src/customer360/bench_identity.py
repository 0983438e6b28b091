"""``python -m customer360.bench_identity``: the identity benchmark (customer360.bench.identity)."""

from customer360.bench.identity import main

if __name__ == "__main__":
    raise SystemExit(main())
