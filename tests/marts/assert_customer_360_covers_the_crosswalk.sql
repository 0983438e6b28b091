{#- customer_360 holds every customer_id of the identity crosswalk exactly once, except erased customers, and
    nothing else. Returns the ids that are missing or should not be there. -#}
with

crosswalk_customers as (
    select distinct customer_id from {{ ref('int_identity__crosswalk') }}
),

erased_customers as (
    select distinct customer_id from {{ ref('int_privacy__erased_customers') }}
),

expected as (
    select crosswalk_customers.customer_id
    from crosswalk_customers
    left join erased_customers
        on crosswalk_customers.customer_id = erased_customers.customer_id
    where erased_customers.customer_id is null
),

actual as (
    select customer_id from {{ ref('customer_360') }}
),

missing as (
    select
        expected.customer_id,
        'missing from customer_360' as problem
    from expected
    left join actual
        on expected.customer_id = actual.customer_id
    where actual.customer_id is null
),

unexpected as (
    select
        actual.customer_id,
        'in customer_360 but not expected (erased or not in the crosswalk)' as problem
    from actual
    left join expected
        on actual.customer_id = expected.customer_id
    where expected.customer_id is null
)

select * from missing
union all
select * from unexpected
