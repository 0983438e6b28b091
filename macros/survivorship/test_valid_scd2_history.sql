{#-
    Generic test for an SCD type 2 table (a dbt snapshot): per `unique_key`, every version has
    dbt_valid_to >= dbt_valid_from, versions do not overlap (each starts no earlier than the previous one ends), and
    at most one version is current (dbt_valid_to NULL or equal to `current_valid_to`, the snapshot's
    `dbt_valid_to_current`). Returns one row per offending version.
-#}
{% test valid_scd2_history(model, unique_key, current_valid_to="cast('9999-12-31' as timestamp)") %}

with

versions as (
    select
        {{ unique_key }} as version_key,
        dbt_scd_id,
        dbt_valid_from,
        dbt_valid_to,
        lead(dbt_valid_from) over (
            partition by {{ unique_key }}
            order by dbt_valid_from, dbt_valid_to
        ) as next_valid_from,
        sum(case when dbt_valid_to is null or dbt_valid_to = {{ current_valid_to }} then 1 else 0 end) over (
            partition by {{ unique_key }}
        ) as current_version_count
    from {{ model }}
),

problems as (
    select
        version_key,
        dbt_scd_id,
        dbt_valid_from,
        dbt_valid_to,
        case
            when dbt_valid_from is null then 'dbt_valid_from is null'
            when dbt_valid_to < dbt_valid_from then 'dbt_valid_to before dbt_valid_from'
            when next_valid_from < coalesce(dbt_valid_to, {{ current_valid_to }}) then 'overlaps the next version'
            when current_version_count > 1 then 'more than one current version'
        end as problem
    from versions
)

select * from problems
where problem is not null

{% endtest %}
