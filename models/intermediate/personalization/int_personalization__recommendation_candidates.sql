{#- Candidate products per customer (of the retained crosswalk: no erased customer) with personalization
    consent, scored. Candidates come from three
    generators: the neighbours (int_personalization__item_similarity) of the customer's recent products,
    the most popular products of the customer's top categories, and the overall most popular products
    (the fallback for customers without history). Every candidate then gets three components in 0-1:
      co_occurrence_score  sum of interaction weight x similarity over the customer's products, divided by
                           the customer's best candidate (0 when no neighbour links it)
      affinity_score       the customer's affinity to the product's category x the product's popularity
                           within that category
      popularity_score     the product's popularity (new products: their category's average)
    blended with the weights var recommendation_weight_co_occurrence / _category_affinity / _popularity.
    The reason is the component contributing most. Products the customer already bought are excluded unless
    they are consumables and var recommendation_repeat_consumables is true. -#}

with

customers as (
    select distinct customer_id from {{ ref('int_privacy__retained_crosswalk') }}
),

consent as (
    select * from {{ ref('int_privacy__customer_consent') }}
),

interactions as (
    select * from {{ ref('int_personalization__customer_product_interactions') }}
),

similarity as (
    select * from {{ ref('int_personalization__item_similarity') }}
),

category_affinity as (
    select * from {{ ref('int_personalization__category_affinity') }}
),

popularity as (
    select * from {{ ref('int_personalization__product_popularity') }}
),

eligible_customers as (
    select customers.customer_id
    from customers
    inner join consent
        on customers.customer_id = consent.customer_id
    where consent.has_personalization_consent
),

recent_interactions as (
    select interactions.*
    from interactions
    inner join eligible_customers
        on interactions.customer_id = eligible_customers.customer_id
    where interactions.recency_rank <= {{ var('recommendation_max_items_per_customer') }}
),

-- generator 1: neighbours of the customer's products
neighbour_contributions as (
    select
        recent_interactions.customer_id,
        similarity.similar_product_id as product_id,
        recent_interactions.product_id as source_product_id,
        recent_interactions.is_purchased as is_source_purchased,
        recent_interactions.interaction_weight * similarity.similarity as contribution
    from recent_interactions
    inner join similarity
        on recent_interactions.product_id = similarity.product_id
),

neighbour_scores as (
    -- one GROUP BY (no window over every contribution): the summed score and the source product that
    -- contributed most (ties: the smaller product id), which explains the candidate
    {%- set strongest_first = ['-1 * contribution', 'source_product_id'] %}
    select
        customer_id,
        product_id,
        sum(contribution) as raw_co_occurrence_score,
        {{ customer360.value_of_first_by('source_product_id', strongest_first) }} as source_product_id,
        {{ customer360.value_of_first_by('is_source_purchased', strongest_first) }} as is_source_purchased
    from neighbour_contributions
    group by customer_id, product_id
),

customer_best_neighbour_scores as (
    select
        customer_id,
        max(raw_co_occurrence_score) as best_raw_co_occurrence_score
    from neighbour_scores
    group by customer_id
),

-- generator 2: popular products of the customer's top categories
affinity_candidates as (
    select
        category_affinity.customer_id,
        popularity.product_id
    from category_affinity
    inner join eligible_customers
        on category_affinity.customer_id = eligible_customers.customer_id
    inner join popularity
        on category_affinity.category = popularity.category
    where
        category_affinity.affinity_rank <= {{ var('recommendation_affinity_categories_per_customer') }}
        and popularity.category_popularity_rank <= {{ var('recommendation_candidates_per_category') }}
),

-- generator 3: overall most popular products (cold-start fallback)
popular_candidates as (
    select
        eligible_customers.customer_id,
        popularity.product_id
    from eligible_customers
    cross join popularity
    where popularity.popularity_rank <= {{ var('recommendation_popular_candidates') }}
),

candidates as (
    select
        customer_id,
        product_id
    from neighbour_scores
    union
    select
        customer_id,
        product_id
    from affinity_candidates
    union
    select
        customer_id,
        product_id
    from popular_candidates
),

components as (
    select
        candidates.customer_id,
        candidates.product_id,
        popularity.category,
        popularity.is_consumable,
        coalesce(
            {{ safe_ratio(
                'neighbour_scores.raw_co_occurrence_score',
                'customer_best_neighbour_scores.best_raw_co_occurrence_score'
            ) }},
            0
        ) as co_occurrence_score,
        coalesce(category_affinity.affinity_score * popularity.category_relative_popularity, 0) as affinity_score,
        popularity.popularity_score,
        neighbour_scores.source_product_id,
        neighbour_scores.is_source_purchased,
        coalesce(interactions.is_purchased, false) as is_already_purchased
    from candidates
    inner join popularity
        on candidates.product_id = popularity.product_id
    left join neighbour_scores
        on
            candidates.customer_id = neighbour_scores.customer_id
            and candidates.product_id = neighbour_scores.product_id
    left join customer_best_neighbour_scores
        on candidates.customer_id = customer_best_neighbour_scores.customer_id
    left join category_affinity
        on
            candidates.customer_id = category_affinity.customer_id
            and popularity.category = category_affinity.category
    left join interactions
        on
            candidates.customer_id = interactions.customer_id
            and candidates.product_id = interactions.product_id
),

weighted as (
    select
        *,
        {{ var('recommendation_weight_co_occurrence') }} * co_occurrence_score as weighted_co_occurrence,
        {{ var('recommendation_weight_category_affinity') }} * affinity_score as weighted_affinity,
        {{ var('recommendation_weight_popularity') }} * popularity_score as weighted_popularity
    from components
),

final as (
    select
        -- ids
        customer_id,
        product_id,
        category,
        -- scores
        weighted_co_occurrence + weighted_affinity + weighted_popularity as score,
        co_occurrence_score,
        affinity_score,
        popularity_score,
        -- why
        case
            when
                weighted_co_occurrence > 0
                and weighted_co_occurrence >= weighted_affinity
                and weighted_co_occurrence >= weighted_popularity
                then case when is_source_purchased then 'co_purchase' else 'co_view' end
            when weighted_affinity > 0 and weighted_affinity >= weighted_popularity then 'category_affinity'
            else 'popular'
        end as reason,
        source_product_id,
        -- exclusion
        is_already_purchased,
        is_consumable,
        is_already_purchased
        and not (is_consumable and {{ 'true' if var('recommendation_repeat_consumables') else 'false' }})
            as is_excluded
    from weighted
)

select * from final
