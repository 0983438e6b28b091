{{ dbt_utils.union_relations(
    relations=[ref('utils_union_a'), ref('utils_union_b')],
    exclude=['EXTRA'],
    column_override={'amount': 'decimal(10, 2)'},
    source_column_name=none,
    where='id <> 1'
) }}
