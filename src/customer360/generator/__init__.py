"""The synthetic raw-data generator: a customer world written as the raw exports of the contract.

generate (the command, ``python -m customer360.generate``), world (people and what they do), render (the raw rows),
defects (the damage injected on purpose, with its ground truth), reference (name pools, cities, stores, rates),
config (the generator's knobs), seeds (the reference seeds written from the reference data) and febrl (the public
FEBRL record-linkage sets written as a raw export, ``python -m customer360.febrl``).
"""
