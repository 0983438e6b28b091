{{ dbt_utils.union_relations(relations=[ref('utils_union_a'), ref('utils_union_b')]) }}
