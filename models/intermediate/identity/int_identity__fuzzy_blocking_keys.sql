{#-
    One row per profile and blocking pass (var identity_blocking_passes): the pass's block key, the
    concatenation of its key columns. A profile missing one of a pass's keys is not in that pass.
-#}

with

fuzzy_records as (
    select * from {{ ref('int_identity__fuzzy_records') }}
),

keyed as (
    {% for pass in var('identity_blocking_passes') %}
        select
            record_key,
            '{{ pass.name }}' as blocking_pass,
            {{ loop.index }} as blocking_pass_order,
            {{ customer360.identity_block_key(pass['keys']) }} as block_key
        from fuzzy_records
        where {{ customer360.identity_all_not_null(pass['keys']) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        record_key,
        blocking_pass,
        blocking_pass_order,
        block_key,
        count(*) over (partition by blocking_pass, block_key) as block_size
    from keyed
)

select * from final
