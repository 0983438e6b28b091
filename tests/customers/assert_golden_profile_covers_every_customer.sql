{#- Every customer_id of the identity crosswalk has exactly one golden-profile row (customers erased in this build
    excepted: the golden profile leaves them out). Returns the missing ones. -#}

with

crosswalk as (
    select * from {{ ref('int_identity__crosswalk') }}
),

golden_profile as (
    select * from {{ ref('int_customers__golden_profile') }}
),

erased_customers as (
    select * from {{ ref('int_privacy__erased_customers') }}
),

missing as (
    select distinct crosswalk.customer_id
    from crosswalk
    left join golden_profile
        on crosswalk.customer_id = golden_profile.customer_id
    left join erased_customers
        on crosswalk.customer_id = erased_customers.customer_id
    where golden_profile.customer_id is null and erased_customers.customer_id is null
)

select * from missing
