{#-
    Term frequencies of the fields with term_frequency in var identity_comparisons: the share of compared
    records holding each value. An exact match on a value weighs log2(m / frequency), so a match on a rare
    surname counts more than on a common one. Recomputed every build (from the data being resolved).
-#}

with

fuzzy_records as (
    select * from {{ ref('int_identity__fuzzy_records') }}
),

{%- set tf_comparisons = [] %}
{%- for comparison in var('identity_comparisons') if comparison.term_frequency %}
    {%- do tf_comparisons.append(comparison) %}
{%- endfor %}

value_counts as (
    {%- for comparison in tf_comparisons %}
        select
            '{{ comparison.field }}' as comparison_field,
            cast({{ comparison.column }} as {{ dbt.type_string() }}) as field_value,
            count(*) as record_count
        from fuzzy_records
        where {{ comparison.column }} is not null
        group by {{ comparison.column }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select
        comparison_field,
        field_value,
        record_count,
        record_count * 1.0 / sum(record_count) over (partition by comparison_field) as value_frequency
    from value_counts
)

select * from final
