{#- The identity crosswalk without the records of the customers erased in this build: one row per person-bearing
    record whose customer is kept. The one place where erased customers are filtered out of the customer layer:
    every model that needs "the customers that exist" (golden profile inputs, consent, customer_360, identity
    summaries, personalization audiences) reads this model instead of the crosswalk. Facts that attribute events
    to customers flag or drop erased people at their attribution step (int_orders__unioned,
    int_web_events__sessionized, int_email_events__attributed), where a row must go rather than lose its customer. -#}

with

crosswalk as (
    select * from {{ ref('int_identity__crosswalk') }}
),

erased_customers as (
    select * from {{ ref('int_privacy__erased_customers') }}
),

final as (
    select
        -- ids
        crosswalk.source_name,
        crosswalk.source_record_id,
        crosswalk.record_key,
        crosswalk.customer_id,
        -- how the record was attached
        crosswalk.match_rule,
        crosswalk.match_confidence,
        -- cluster
        crosswalk.cluster_record_count,
        crosswalk.cluster_profile_count,
        crosswalk.is_guarded,
        crosswalk.is_customer_anchor
    from crosswalk
    left join erased_customers
        on crosswalk.customer_id = erased_customers.customer_id
    where erased_customers.customer_id is null
)

select * from final
