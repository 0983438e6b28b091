{#- Who may be emailed today, per campaign type, with the personal content to fill the email: one row per
    eligible customer and campaign type (rules: int_personalization__email_eligibility). The address is not
    here: an email tool joins `email_pseudonym` to the restricted model
    int_personalization__email_contacts.
    Content uses browsing and purchase data only with personalization consent; otherwise, and whenever a
    customer has no data, it falls back to the overall most popular products and category. -#}
{%- set next_best_count = var('email_next_best_product_count') -%}

with

eligibility as (
    select * from {{ ref('int_personalization__email_eligibility') }}
),

recommendations as (
    select * from {{ ref('product_recommendations') }}
),

abandoned_cart_items as (
    select * from {{ ref('int_personalization__abandoned_cart_items') }}
),

category_affinity as (
    select * from {{ ref('int_personalization__category_affinity') }}
),

popularity as (
    select * from {{ ref('int_personalization__product_popularity') }}
),

customer_features as (
    select
        customer_id,
        preferred_send_hour_utc,
        is_missing_preferred_send_hour_utc
    from {{ ref('customer_features') }}
),

as_of as (
    select * from {{ ref('int_personalization__as_of') }}
),

eligible as (
    select *
    from eligibility
    where is_eligible
),

cart_content as (
    select
        customer_id,
        {{ dbt.listagg('product_id', "'|'", 'order by cart_item_rank') }} as abandoned_cart_product_ids
    from abandoned_cart_items
    where cart_item_rank <= {{ var('email_abandoned_cart_max_items') }}
    group by customer_id
),

next_best_content as (
    select
        customer_id,
        {{ dbt.listagg('product_id', "'|'", 'order by recommendation_rank') }} as next_best_product_ids
    from recommendations
    where recommendation_rank <= {{ next_best_count }}
    group by customer_id
),

popular_content as (
    select
        {{ dbt.listagg('product_id', "'|'", 'order by popularity_rank') }} as popular_product_ids
    from popularity
    where popularity_rank <= {{ next_best_count }}
),

favourite_categories as (
    select
        customer_id,
        category as favourite_category
    from category_affinity
    where affinity_rank = 1
),

popular_send_hour as (
    select
        preferred_send_hour_utc as popular_send_hour_utc,
        row_number() over (order by count(*) desc, preferred_send_hour_utc asc) as hour_rank
    from customer_features
    where not is_missing_preferred_send_hour_utc
    group by preferred_send_hour_utc
),

popular_category as (
    select
        category as popular_category,
        row_number() over (order by sum(popularity_score) desc, category asc) as category_rank
    from popularity
    where category is not null
    group by category
),

final as (
    select
        -- ids
        eligible.customer_id,
        eligible.campaign_type,
        eligible.email_pseudonym,
        -- content
        case when eligible.has_personalization_consent then cart_content.abandoned_cart_product_ids end
            as abandoned_cart_product_ids,
        coalesce(
            case when eligible.has_personalization_consent then next_best_content.next_best_product_ids end,
            popular_content.popular_product_ids
        ) as next_best_product_ids,
        case
            when eligible.has_personalization_consent and next_best_content.next_best_product_ids is not null
                then 'recommendations'
            else 'popular'
        end as next_best_source,
        coalesce(
            case when eligible.has_personalization_consent then favourite_categories.favourite_category end,
            popular_category.popular_category
        ) as favourite_category,
        case
            when eligible.has_personalization_consent and favourite_categories.favourite_category is not null
                then 'customer'
            else 'popular'
        end as favourite_category_source,
        cast(
            coalesce(
                case when eligible.has_personalization_consent then customer_features.preferred_send_hour_utc end,
                popular_send_hour.popular_send_hour_utc
            ) as integer
        ) as send_hour_utc,
        -- context
        cast(eligible.marketing_emails_in_cap_window as bigint) as marketing_emails_in_cap_window,
        cast(as_of.as_of_at_utc as date) as as_of_date
    from eligible
    cross join as_of
    cross join popular_content
    left join popular_category
        on popular_category.category_rank = 1
    left join popular_send_hour
        on popular_send_hour.hour_rank = 1
    left join cart_content
        on eligible.customer_id = cart_content.customer_id
    left join next_best_content
        on eligible.customer_id = next_best_content.customer_id
    left join favourite_categories
        on eligible.customer_id = favourite_categories.customer_id
    left join customer_features
        on eligible.customer_id = customer_features.customer_id
)

select * from final
