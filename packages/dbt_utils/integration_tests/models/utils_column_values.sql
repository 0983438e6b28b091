{%- set all_segments = dbt_utils.get_column_values(ref('utils_customers'), 'segment', order_by='segment') %}
{%- set top_segment = dbt_utils.get_column_values(ref('utils_customers'), 'segment', max_records=1) %}
{%- set french_segments = dbt_utils.get_column_values(
    table=ref('utils_customers'), column='segment', where="country_code = 'FR'", order_by='segment desc'
) %}
{%- set missing = dbt_utils.get_column_values(
    api.Relation.create(database=target.database, schema=target.schema, identifier='no_such_table'),
    'segment',
    default=['fallback']
) %}
select
    '{{ all_segments | join(",") }}' as all_segments,
    '{{ top_segment | join(",") }}' as top_segment,
    '{{ french_segments | join(",") }}' as french_segments,
    '{{ missing | join(",") }}' as missing_relation_default
