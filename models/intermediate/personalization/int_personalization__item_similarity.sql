{#- Item-to-item similarity from co-occurrence: customers who bought or viewed X also bought or viewed Y.
    Each customer contributes their var recommendation_max_items_per_customer most recent products (so the
    pair count per customer is bounded and the model scales linearly with customers), each weighted by its
    interaction weight (a purchase above a view). Similarity is the cosine of the two products' weighted
    customer vectors, which normalizes for popularity. Pairs seen by fewer than
    var recommendation_min_co_occurrence customers are dropped; each product keeps its
    var recommendation_neighbours_per_product most similar neighbours. -#}

with

interactions as (
    select
        customer_id,
        product_id,
        interaction_weight,
        is_purchased
    from {{ ref('int_personalization__customer_product_interactions') }}
    where recency_rank <= {{ var('recommendation_max_items_per_customer') }}
),

product_norms as (
    select
        product_id,
        sqrt(sum(interaction_weight * interaction_weight)) as weight_norm
    from interactions
    group by product_id
),

pairs as (
    select
        source_items.product_id,
        target_items.product_id as similar_product_id,
        count(*) as co_occurrence_customers,
        sum(case when source_items.is_purchased and target_items.is_purchased then 1 else 0 end)
            as co_purchase_customers,
        sum(source_items.interaction_weight * target_items.interaction_weight) as co_occurrence_weight
    from interactions as source_items
    inner join interactions as target_items
        on
            source_items.customer_id = target_items.customer_id
            and source_items.product_id != target_items.product_id
    group by source_items.product_id, target_items.product_id
    having count(*) >= {{ var('recommendation_min_co_occurrence') }}
),

scored as (
    select
        pairs.product_id,
        pairs.similar_product_id,
        pairs.co_occurrence_customers,
        pairs.co_purchase_customers,
        pairs.co_occurrence_weight,
        pairs.co_occurrence_weight / (source_norms.weight_norm * target_norms.weight_norm) as similarity
    from pairs
    inner join product_norms as source_norms
        on pairs.product_id = source_norms.product_id
    inner join product_norms as target_norms
        on pairs.similar_product_id = target_norms.product_id
),

ranked as (
    select
        *,
        row_number() over (
            partition by product_id
            order by similarity desc, co_occurrence_customers desc, similar_product_id asc
        ) as neighbour_rank
    from scored
),

final as (
    select
        product_id,
        similar_product_id,
        neighbour_rank,
        similarity,
        co_occurrence_customers,
        co_purchase_customers,
        co_occurrence_weight
    from ranked
    where neighbour_rank <= {{ var('recommendation_neighbours_per_product') }}
)

select * from final
