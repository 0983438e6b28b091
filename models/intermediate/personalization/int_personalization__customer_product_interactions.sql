{#- One row per customer and product they bought, put in their cart or viewed (before the cut-off), with an
    interaction weight (var recommendation_purchase_weight / _cart_weight / _view_weight: the strongest signal
    wins) and a recency rank used to cap the items per customer in the co-occurrence. -#}

with

purchase_lines as (
    select * from {{ ref('int_personalization__purchase_lines') }}
),

web_product_events as (
    select * from {{ ref('int_personalization__web_product_events') }}
),

purchases as (
    select
        customer_id,
        product_id,
        count(distinct order_id) as purchase_count,
        max(ordered_at_utc) as last_purchased_at_utc
    from purchase_lines
    group by customer_id, product_id
),

web_interactions as (
    select
        customer_id,
        product_id,
        sum(case when event_type = 'product_view' then 1 else 0 end) as view_count,
        sum(case when event_type = 'add_to_cart' then 1 else 0 end) as cart_add_count,
        max(event_at_utc) as last_web_interaction_at_utc
    from web_product_events
    where event_type in ('product_view', 'add_to_cart')
    group by customer_id, product_id
),

combined as (
    select
        coalesce(purchases.customer_id, web_interactions.customer_id) as customer_id,
        coalesce(purchases.product_id, web_interactions.product_id) as product_id,
        coalesce(purchases.purchase_count, 0) as purchase_count,
        coalesce(web_interactions.cart_add_count, 0) as cart_add_count,
        coalesce(web_interactions.view_count, 0) as view_count,
        purchases.last_purchased_at_utc,
        case
            when web_interactions.last_web_interaction_at_utc is null then purchases.last_purchased_at_utc
            when purchases.last_purchased_at_utc is null then web_interactions.last_web_interaction_at_utc
            else greatest(purchases.last_purchased_at_utc, web_interactions.last_web_interaction_at_utc)
        end as last_interacted_at_utc
    from purchases
    full outer join web_interactions
        on
            purchases.customer_id = web_interactions.customer_id
            and purchases.product_id = web_interactions.product_id
),

final as (
    select
        customer_id,
        product_id,
        purchase_count,
        cart_add_count,
        view_count,
        purchase_count > 0 as is_purchased,
        case
            when purchase_count > 0 then {{ var('recommendation_purchase_weight') }}
            when cart_add_count > 0 then {{ var('recommendation_cart_weight') }}
            else {{ var('recommendation_view_weight') }}
        end as interaction_weight,
        last_purchased_at_utc,
        last_interacted_at_utc,
        row_number() over (
            partition by customer_id
            order by last_interacted_at_utc desc, product_id asc
        ) as recency_rank
    from combined
)

select * from final
