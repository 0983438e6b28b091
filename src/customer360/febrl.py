"""``python -m customer360.febrl``: a FEBRL data set written as a raw export (customer360.generator.febrl)."""

from customer360.generator.febrl import main

if __name__ == "__main__":
    raise SystemExit(main())
