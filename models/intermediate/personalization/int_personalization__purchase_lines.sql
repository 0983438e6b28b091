{#- Completed purchase lines of known customers, online and in store, before the cut-off: what each person
    bought, the input of co-occurrence, affinity, popularity and the "already bought" exclusion. -#}

with

orders as (
    select * from {{ ref('int_orders__unioned') }}
    where not is_erased_customer
),

order_items as (
    select * from {{ ref('int_order_items__unioned') }}
    where not is_erased_customer
),

products as (
    select * from {{ ref('stg_catalog__products') }}
),

customer_orders as (
    select
        order_id,
        customer_id,
        channel,
        ordered_at_utc,
        coalesce(discount_reporting, 0) > 0 as has_discount
    from orders
    where
        customer_id is not null
        and status = 'completed'
        and {{ personalization_before_cutoff('ordered_at_utc') }}
),

final as (
    select
        -- ids
        order_items.order_item_id,
        customer_orders.order_id,
        customer_orders.customer_id,
        order_items.product_id,
        -- product
        products.category,
        coalesce(products.is_consumable, false) as is_consumable,
        -- order
        customer_orders.channel,
        customer_orders.has_discount,
        customer_orders.ordered_at_utc,
        order_items.quantity,
        order_items.line_amount_reporting
    from customer_orders
    inner join order_items
        on customer_orders.order_id = order_items.order_id
    left join products
        on order_items.product_id = products.product_id
)

select * from final
