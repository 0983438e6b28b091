"""Offline evaluation of a built warehouse against ground truth.

identity (``python -m customer360.evaluate_identity``): pairwise precision / recall / F1 of the crosswalk;
recommendations (``python -m customer360.evaluate_recommendations``): the recommender against a time-based split.
"""
