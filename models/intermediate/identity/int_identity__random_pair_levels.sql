{{ config(materialized='view') }}
{#-
    The u-probabilities' sample: how often each comparison level occurs among random pairs of compared records
    (almost all of them two different people). Records are numbered in the order of the hash of their key (a
    rebuild draws the same pairs); record i is paired with records i+1 .. i+k (wrapping around), at most
    var identity_u_sample_pairs pairs. One row per combination of levels (pattern). A view: only read when
    int_identity__match_weights trains.
-#}

with

fuzzy_records as (
    select * from {{ ref('int_identity__fuzzy_records') }}
),

numbered as (
    select
        *,
        row_number() over (order by {{ dbt.hash('record_key') }}, record_key) as record_number,
        count(*) over () as record_count
    from fuzzy_records
),

sample_size as (
    select
        max(record_count) as record_count,
        least(max(record_count), {{ var('identity_u_sample_pairs') }}) as first_record_count,
        least(
            max(record_count) - 1,
            ceil(
                {{ var('identity_u_sample_pairs') }}
                * 1.0
                / least(max(record_count), {{ var('identity_u_sample_pairs') }})
            )
        ) as offset_count
    from numbered
),

offsets as (
    select numbered.record_number as record_offset
    from numbered
    cross join sample_size
    where numbered.record_number <= sample_size.offset_count
),

random_pairs as (
    select
        {%- for comparison in var('identity_comparisons') %}
            left_records.{{ comparison.column }} as left_{{ comparison.column }},
            right_records.{{ comparison.column }} as right_{{ comparison.column }},
        {%- endfor %}
        left_records.record_number as left_record_number
    from numbered as left_records
    cross join sample_size
    cross join offsets
    inner join numbered as right_records
        on
            right_records.record_number
            = mod(left_records.record_number - 1 + offsets.record_offset, sample_size.record_count) + 1
    where left_records.record_number <= sample_size.first_record_count
),

pair_levels as (
    select
        {%- for comparison in var('identity_comparisons') %}
            {{ customer360.identity_pair_level(comparison, 'false') }} as {{ comparison.field }}_level,
        {%- endfor %}
        1 as pair_weight
    from random_pairs
),

final as (
    {{ customer360.identity_pattern_counts('pair_levels') }}
)

select * from final
