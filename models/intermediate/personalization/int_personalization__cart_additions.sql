{#- One row per add-to-cart event of a known customer (before the cut-off), with whether the cart was
    abandoned: the customer did not buy the product (online or in store) within var abandoned_cart_hours
    hours after adding it, did not remove it from the cart in that time, and those hours have passed by the
    as-of time (a cart of ten minutes ago is not abandoned yet). -#}

with

web_product_events as (
    select * from {{ ref('int_personalization__web_product_events') }}
),

purchase_lines as (
    select * from {{ ref('int_personalization__purchase_lines') }}
),

as_of as (
    select * from {{ ref('int_personalization__as_of') }}
),

cart_additions as (
    select
        event_id,
        customer_id,
        product_id,
        category,
        event_at_utc as added_at_utc,
        {{ dbt.dateadd('hour', var('abandoned_cart_hours'), 'event_at_utc') }} as abandonment_deadline_at_utc
    from web_product_events
    where event_type = 'add_to_cart'
),

removals as (
    select
        customer_id,
        product_id,
        event_at_utc as removed_at_utc
    from web_product_events
    where event_type = 'remove_from_cart'
),

bought_in_time as (
    select distinct cart_additions.event_id
    from cart_additions
    inner join purchase_lines
        on
            cart_additions.customer_id = purchase_lines.customer_id
            and cart_additions.product_id = purchase_lines.product_id
            and cart_additions.added_at_utc <= purchase_lines.ordered_at_utc
            and cart_additions.abandonment_deadline_at_utc > purchase_lines.ordered_at_utc
),

removed_in_time as (
    select distinct cart_additions.event_id
    from cart_additions
    inner join removals
        on
            cart_additions.customer_id = removals.customer_id
            and cart_additions.product_id = removals.product_id
            and cart_additions.added_at_utc <= removals.removed_at_utc
            and cart_additions.abandonment_deadline_at_utc > removals.removed_at_utc
),

final as (
    select
        -- ids
        cart_additions.event_id,
        cart_additions.customer_id,
        cart_additions.product_id,
        cart_additions.category,
        -- timestamps
        cart_additions.added_at_utc,
        cart_additions.abandonment_deadline_at_utc,
        -- outcome
        bought_in_time.event_id is not null as is_bought_in_time,
        removed_in_time.event_id is not null as is_removed_in_time,
        bought_in_time.event_id is null
        and removed_in_time.event_id is null
        and cart_additions.abandonment_deadline_at_utc <= as_of.as_of_at_utc as is_abandoned
    from cart_additions
    cross join as_of
    left join bought_in_time
        on cart_additions.event_id = bought_in_time.event_id
    left join removed_in_time
        on cart_additions.event_id = removed_in_time.event_id
)

select * from final
