{#- Product views, add-to-cart and remove-from-cart events of known customers before the cut-off. The cookie
    (anonymous_id) is linked to its customer through the retained crosswalk (int_privacy__retained_crosswalk), so
    events of customers erased in this build are left out: popularity and co-occurrence must not count them (the
    purge cannot take an erased person's share out of an aggregate afterwards). -#}

with

web_events as (
    select * from {{ ref('stg_web__events') }}
),

crosswalk as (
    select
        source_record_id as anonymous_id,
        customer_id
    from {{ ref('int_privacy__retained_crosswalk') }}
    where source_name = 'web_events'
),

products as (
    select
        product_id,
        category
    from {{ ref('stg_catalog__products') }}
),

product_events as (
    select
        event_id,
        anonymous_id,
        event_type,
        product_id,
        event_at_utc
    from web_events
    where
        event_type in ('product_view', 'add_to_cart', 'remove_from_cart')
        and product_id is not null
        and not coalesce(has_unknown_product, false)
        and {{ personalization_before_cutoff('event_at_utc') }}
),

final as (
    select
        -- ids
        product_events.event_id,
        crosswalk.customer_id,
        product_events.product_id,
        -- event
        product_events.event_type,
        products.category,
        product_events.event_at_utc
    from product_events
    inner join crosswalk
        on product_events.anonymous_id = crosswalk.anonymous_id
    inner join products
        on product_events.product_id = products.product_id
)

select * from final
