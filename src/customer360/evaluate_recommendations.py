"""``python -m customer360.evaluate_recommendations``: offline evaluation of the recommender
(customer360.evaluate.recommendations)."""

from customer360.evaluate.recommendations import main

if __name__ == "__main__":
    raise SystemExit(main())
