{#- One row per experiment and subject (the unit of randomization: an email address or an anonymous_id), with
    its variant, first assignment time, the customer it resolves to and whether it converted: a completed
    order within var experiment_conversion_window_days days from the assignment, placed by the resolved
    customer or, for a cookie, through a web purchase of that cookie. A subject assigned to more than one
    variant, or belonging to a customer with an erasure request, is kept with `is_analyzed` = false. -#}

with

assignments as (
    select * from {{ ref('stg_experiments__assignments') }}
),

identifiers as (
    select * from {{ ref('int_identity__customer_identifiers') }}
    where identifier_type in ('email', 'anonymous_id')
),

erased as (
    select customer_id from {{ ref('int_privacy__erased_customers') }}
),

orders as (
    select
        order_id,
        customer_id,
        ordered_at_utc,
        revenue_reporting
    from {{ ref('int_orders__unioned') }}
    where
        status = 'completed'
        and not is_erased_customer
),

web_purchases as (
    select distinct
        anonymous_id,
        order_id
    from {{ ref('stg_web__events') }}
    where event_type = 'purchase' and order_id is not null
),

subjects as (
    select
        experiment_id,
        subject_type,
        case when subject_type = 'email' then subject_email else subject_anonymous_id end as subject,
        min(variant) as variant,
        count(distinct variant) as variant_count,
        min(assigned_at_utc) as assigned_at_utc
    from assignments
    group by
        experiment_id,
        subject_type,
        case when subject_type = 'email' then subject_email else subject_anonymous_id end
),

resolved as (
    select
        subjects.*,
        identifiers.customer_id,
        {{ dbt.dateadd('day', var('experiment_conversion_window_days'), 'subjects.assigned_at_utc') }}
            as conversion_window_end_at_utc
    from subjects
    left join identifiers
        on
            subjects.subject_type = identifiers.identifier_type
            and subjects.subject = identifiers.identifier_value
),

customer_orders as (
    select
        resolved.experiment_id,
        resolved.subject_type,
        resolved.subject,
        orders.order_id,
        orders.revenue_reporting
    from resolved
    inner join orders
        on
            resolved.customer_id = orders.customer_id
            and resolved.assigned_at_utc <= orders.ordered_at_utc
            and resolved.conversion_window_end_at_utc > orders.ordered_at_utc
),

cookie_orders as (
    select
        resolved.experiment_id,
        resolved.subject_type,
        resolved.subject,
        orders.order_id,
        orders.revenue_reporting
    from resolved
    inner join web_purchases
        on resolved.subject = web_purchases.anonymous_id
    inner join orders
        on
            web_purchases.order_id = orders.order_id
            and resolved.assigned_at_utc <= orders.ordered_at_utc
            and resolved.conversion_window_end_at_utc > orders.ordered_at_utc
    where resolved.subject_type = 'anonymous_id'
),

unit_orders as (
    select * from customer_orders
    union
    select * from cookie_orders
),

conversions as (
    select
        experiment_id,
        subject_type,
        subject,
        count(*) as conversion_orders,
        sum(revenue_reporting) as revenue_reporting
    from unit_orders
    group by experiment_id, subject_type, subject
),

final as (
    select
        -- ids
        resolved.experiment_id,
        resolved.subject_type,
        {{ pseudonymize('resolved.subject') }} as subject_key,
        resolved.customer_id,
        -- assignment
        resolved.variant,
        resolved.assigned_at_utc,
        resolved.conversion_window_end_at_utc,
        resolved.variant_count > 1 as has_conflicting_variants,
        erased.customer_id is not null as is_erased,
        resolved.variant_count = 1 and erased.customer_id is null as is_analyzed,
        -- outcome
        coalesce(conversions.conversion_orders, 0) > 0 as is_converted,
        coalesce(conversions.conversion_orders, 0) as conversion_orders,
        coalesce(conversions.revenue_reporting, 0) as revenue_reporting
    from resolved
    left join conversions
        on
            resolved.experiment_id = conversions.experiment_id
            and resolved.subject_type = conversions.subject_type
            and resolved.subject = conversions.subject
    left join erased
        on resolved.customer_id = erased.customer_id
)

select * from final
