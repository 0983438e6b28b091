"""customer360: python helpers of the dbt + DuckDB customer-360 project (synthetic raw-data generator)."""
