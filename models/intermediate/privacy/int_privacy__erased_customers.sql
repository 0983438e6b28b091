{#- The customers named (through the identity graph) by an erasure request of this build. Every model downstream
    of the identity graph that is not restricted to staging excludes them; on-run-end then deletes what is left.
    Empty again from the next build on: staging drops the raw rows of erased people. -#}

with

erasure_scope as (
    select * from {{ ref('int_privacy__erasure_scope') }}
),

final as (
    select
        customer_id,
        min(request_id) as request_id,
        min(requested_at_utc) as requested_at_utc
    from erasure_scope
    where customer_id is not null
    group by customer_id
)

select * from final
