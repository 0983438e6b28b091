{#- The products each customer left in their cart within the var email_abandoned_cart_lookback_days days up to
    the as-of time and has not bought since (online or in store): the content of abandoned-cart emails.
    One row per customer and product, most recent first (`cart_item_rank`). -#}

with

cart_additions as (
    select * from {{ ref('int_personalization__cart_additions') }}
),

purchase_lines as (
    select * from {{ ref('int_personalization__purchase_lines') }}
),

as_of as (
    select * from {{ ref('int_personalization__as_of') }}
),

recent_abandoned as (
    select
        cart_additions.customer_id,
        cart_additions.product_id,
        max(cart_additions.added_at_utc) as last_added_at_utc
    from cart_additions
    cross join as_of
    where
        cart_additions.is_abandoned
        and cart_additions.added_at_utc
        > {{ dbt.dateadd('day', -1 * var('email_abandoned_cart_lookback_days'), 'as_of.as_of_at_utc') }}
    group by cart_additions.customer_id, cart_additions.product_id
),

bought_later as (
    select distinct
        recent_abandoned.customer_id,
        recent_abandoned.product_id
    from recent_abandoned
    inner join purchase_lines
        on
            recent_abandoned.customer_id = purchase_lines.customer_id
            and recent_abandoned.product_id = purchase_lines.product_id
            and recent_abandoned.last_added_at_utc <= purchase_lines.ordered_at_utc
),

final as (
    select
        recent_abandoned.customer_id,
        recent_abandoned.product_id,
        recent_abandoned.last_added_at_utc,
        row_number() over (
            partition by recent_abandoned.customer_id
            order by recent_abandoned.last_added_at_utc desc, recent_abandoned.product_id asc
        ) as cart_item_rank
    from recent_abandoned
    left join bought_later
        on
            recent_abandoned.customer_id = bought_later.customer_id
            and recent_abandoned.product_id = bought_later.product_id
    where bought_later.product_id is null
)

select * from final
