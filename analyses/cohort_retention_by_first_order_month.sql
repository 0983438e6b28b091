-- Cohort retention: customers grouped by the month of their first completed order (online or store); for each
-- later month, the share of the cohort that placed a completed order again. Unattributed orders are left out.
with

orders as (
    select * from {{ ref('fct_orders') }}
    where
        customer_id is not null
        and status = 'completed'
),

customer_months as (
    select distinct
        customer_id,
        {{ dbt.date_trunc('month', 'order_date') }} as order_month
    from orders
),

cohorts as (
    select
        customer_id,
        min(order_month) as cohort_month
    from customer_months
    group by customer_id
),

cohort_sizes as (
    select
        cohort_month,
        count(*) as cohort_customers
    from cohorts
    group by cohort_month
),

cohort_months as (
    select
        cohorts.cohort_month,
        customer_months.customer_id,
        {{ datediff_inline('cohorts.cohort_month', 'customer_months.order_month', 'month') }}
            as months_since_first_order
    from customer_months
    inner join cohorts
        on customer_months.customer_id = cohorts.customer_id
),

activity as (
    select
        cohort_month,
        months_since_first_order,
        count(distinct customer_id) as active_customers
    from cohort_months
    group by cohort_month, months_since_first_order
),

final as (
    select
        activity.cohort_month,
        cohort_sizes.cohort_customers,
        activity.months_since_first_order,
        activity.active_customers,
        round(100.0 * activity.active_customers / cohort_sizes.cohort_customers, 1) as retention_pct
    from activity
    inner join cohort_sizes
        on activity.cohort_month = cohort_sizes.cohort_month
)

select * from final
order by cohort_month, months_since_first_order
