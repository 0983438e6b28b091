"""``python -m customer360.generate``: the raw-data generator (customer360.generator.generate)."""

from customer360.generator.generate import main

if __name__ == "__main__":
    raise SystemExit(main())
