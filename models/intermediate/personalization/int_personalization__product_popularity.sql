{#- One row per catalogue product: how popular it is over the var recommendation_popularity_window_days days
    before the as-of time (distinct buyers weigh var recommendation_purchase_weight, distinct viewers
    var recommendation_view_weight), scaled to 0-1 by the most popular product. A product with fewer than
    var recommendation_new_product_min_customers interacting customers ever is "new": it gets the average
    score of its category instead of its own, so it can still be recommended (cold-start products). -#}

with

products as (
    select * from {{ ref('stg_catalog__products') }}
),

as_of as (
    select * from {{ ref('int_personalization__as_of') }}
),

interactions as (
    select * from {{ ref('int_personalization__customer_product_interactions') }}
),

purchase_lines as (
    select * from {{ ref('int_personalization__purchase_lines') }}
),

web_product_events as (
    select * from {{ ref('int_personalization__web_product_events') }}
),

window_start as (
    select
        {{ dbt.dateadd('day', -1 * var('recommendation_popularity_window_days'), 'as_of_at_utc') }}
            as window_start_at_utc
    from as_of
),

recent_buyers as (
    select
        purchase_lines.product_id,
        count(distinct purchase_lines.customer_id) as recent_buyers
    from purchase_lines
    cross join window_start
    where purchase_lines.ordered_at_utc >= window_start.window_start_at_utc
    group by purchase_lines.product_id
),

recent_viewers as (
    select
        web_product_events.product_id,
        count(distinct web_product_events.customer_id) as recent_viewers
    from web_product_events
    cross join window_start
    where
        web_product_events.event_type = 'product_view'
        and web_product_events.event_at_utc >= window_start.window_start_at_utc
    group by web_product_events.product_id
),

all_time as (
    select
        product_id,
        count(*) as interacting_customers,
        sum(case when is_purchased then 1 else 0 end) as buyers
    from interactions
    group by product_id
),

raw_scores as (
    select
        products.product_id,
        products.category,
        coalesce(products.is_consumable, false) as is_consumable,
        coalesce(all_time.interacting_customers, 0) as interacting_customers,
        coalesce(all_time.buyers, 0) as buyers,
        coalesce(recent_buyers.recent_buyers, 0) as recent_buyers,
        coalesce(recent_viewers.recent_viewers, 0) as recent_viewers,
        coalesce(all_time.interacting_customers, 0) < {{ var('recommendation_new_product_min_customers') }}
            as is_new_product,
        {{ var('recommendation_purchase_weight') }} * coalesce(recent_buyers.recent_buyers, 0)
        + {{ var('recommendation_view_weight') }} * coalesce(recent_viewers.recent_viewers, 0) as raw_score
    from products
    left join all_time
        on products.product_id = all_time.product_id
    left join recent_buyers
        on products.product_id = recent_buyers.product_id
    left join recent_viewers
        on products.product_id = recent_viewers.product_id
),

scaled as (
    select
        *,
        coalesce({{ safe_ratio('raw_score', 'max(raw_score) over ()') }}, 0) as own_score
    from raw_scores
),

category_priors as (
    select
        category,
        avg(own_score) as category_average_score
    from scaled
    where not is_new_product
    group by category
),

scored as (
    select
        scaled.*,
        case
            when scaled.is_new_product then coalesce(category_priors.category_average_score, 0)
            else scaled.own_score
        end as popularity_score
    from scaled
    left join category_priors
        on scaled.category = category_priors.category
),

final as (
    select
        product_id,
        category,
        is_consumable,
        is_new_product,
        interacting_customers,
        buyers,
        recent_buyers,
        recent_viewers,
        popularity_score,
        coalesce({{ safe_ratio('popularity_score', 'max(popularity_score) over (partition by category)') }}, 0)
            as category_relative_popularity,
        row_number() over (
            order by popularity_score desc, recent_buyers desc, product_id asc
        ) as popularity_rank,
        row_number() over (
            partition by category
            order by popularity_score desc, recent_buyers desc, product_id asc
        ) as category_popularity_rank
    from scored
)

select * from final
