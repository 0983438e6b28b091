"""``python -m customer360.evaluate_identity``: pairwise precision, recall and F1 of identity resolution
(customer360.evaluate.identity)."""

from customer360.evaluate.identity import main

if __name__ == "__main__":
    raise SystemExit(main())
