{#- One row per customer and top-level category they viewed or bought (before the cut-off): the category's
    share of the customer's product views, of their purchased items, and a blended affinity score (share of
    the customer's interaction weight: purchases weigh var recommendation_purchase_weight, views
    var recommendation_view_weight). Shares of one customer sum to 1 over categories. -#}

with

purchase_lines as (
    select * from {{ ref('int_personalization__purchase_lines') }}
),

web_product_events as (
    select * from {{ ref('int_personalization__web_product_events') }}
),

category_purchases as (
    select
        customer_id,
        category,
        sum(quantity) as purchased_items
    from purchase_lines
    where category is not null
    group by customer_id, category
),

category_views as (
    select
        customer_id,
        category,
        count(*) as product_views
    from web_product_events
    where event_type = 'product_view' and category is not null
    group by customer_id, category
),

combined as (
    select
        coalesce(category_purchases.customer_id, category_views.customer_id) as customer_id,
        coalesce(category_purchases.category, category_views.category) as category,
        coalesce(category_purchases.purchased_items, 0) as purchased_items,
        coalesce(category_views.product_views, 0) as product_views
    from category_purchases
    full outer join category_views
        on
            category_purchases.customer_id = category_views.customer_id
            and category_purchases.category = category_views.category
),

weighted as (
    select
        *,
        {{ var('recommendation_purchase_weight') }} * purchased_items
        + {{ var('recommendation_view_weight') }} * product_views as interaction_weight
    from combined
),

final as (
    select
        customer_id,
        category,
        product_views,
        purchased_items,
        {{ safe_ratio('product_views', 'sum(product_views) over (partition by customer_id)') }} as view_share,
        {{ safe_ratio('purchased_items', 'sum(purchased_items) over (partition by customer_id)') }} as purchase_share,
        {{ safe_ratio('interaction_weight', 'sum(interaction_weight) over (partition by customer_id)') }}
            as affinity_score,
        row_number() over (
            partition by customer_id
            order by interaction_weight desc, purchased_items desc, category asc
        ) as affinity_rank
    from weighted
)

select * from final
