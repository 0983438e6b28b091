{#-
    customer_features: every imputed feature (one with an `is_missing_<feature>` flag; the imputation rule is its
    `meta.imputation`) is never NULL while at least one customer has the feature, and never NULL where its flag
    says it is not missing. When no customer has it at all (an export without orders, email or web events:
    docs/raw_data_contract.md, "Optional sources"), there is no median or mode to impute: it stays NULL with
    the flag set for everyone. (This replaces a plain not_null test, which a CRM-only export could not pass.)
    Returns the offending rows.
-#}
{%- set imputed = [
    'days_since_last_order', 'average_order_value_reporting', 'average_days_between_orders',
    'discount_sensitivity', 'preferred_channel', 'days_since_last_visit', 'email_open_rate',
    'email_click_rate', 'preferred_send_hour_utc', 'favourite_category',
] -%}

with

features as (
    select * from {{ ref('customer_features') }}
),

defined as (
    select
        {%- for feature in imputed %}
            sum(case when not is_missing_{{ feature }} then 1 else 0 end) as customers_with_{{ feature }},
        {%- endfor %}
        count(*) as customers
    from features
),

final as (
    select features.*
    from features
    cross join defined
    where
        {%- for feature in imputed %}
            {{ 'or ' if not loop.first }}(
                features.{{ feature }} is null
                and (defined.customers_with_{{ feature }} > 0 or not features.is_missing_{{ feature }})
            )
        {%- endfor %}
)

select * from final
