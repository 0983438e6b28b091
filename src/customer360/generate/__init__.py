"""The command ``python -m customer360.generate`` (its __main__); the generator is customer360.generator."""
