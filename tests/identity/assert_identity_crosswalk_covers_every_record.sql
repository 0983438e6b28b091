{{ config(group='identity') }}

{#- Every person-bearing record that passed staging has exactly one crosswalk row. -#}

with

records as (
    select * from {{ ref('int_identity__records') }}
),

crosswalk as (
    select * from {{ ref('int_identity__crosswalk') }}
),

final as (
    select
        records.record_key,
        count(crosswalk.record_key) as crosswalk_rows
    from records
    left join crosswalk on records.record_key = crosswalk.record_key
    group by records.record_key
    having count(crosswalk.record_key) <> 1
)

select * from final
