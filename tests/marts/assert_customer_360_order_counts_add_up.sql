{#- Per customer: completed + cancelled + returned = placed orders, online + store = placed orders, online +
    store revenue = revenue, and average order value = revenue / completed orders (within rounding to the cent). -#}
select
    customer_id,
    order_count,
    completed_order_count,
    cancelled_order_count,
    returned_order_count,
    online_order_count,
    store_order_count,
    revenue_reporting,
    average_order_value_reporting
from {{ ref('customer_360') }}
where
    completed_order_count + cancelled_order_count + returned_order_count <> order_count
    or online_order_count + store_order_count <> order_count
    or online_revenue_reporting + store_revenue_reporting <> revenue_reporting
    or (completed_order_count = 0 and revenue_reporting <> 0)
    or abs(average_order_value_reporting - revenue_reporting / completed_order_count) >= 0.01
