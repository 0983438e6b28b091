{{ config(materialized='view') }}
{#-
    Why each record belongs to its customer: one row per link that touches a record of the crosswalk. An
    identifier link (the record carries a crm_id, loyalty card, email, email hash or phone that other records of
    the cluster share; match_confidence from var identity_identifier_types), a fuzzy link (a matching candidate
    pair: per-field comparison level and match weight, the prior, the total weight and the probability) or a
    must_link override. is_link_kept is false for a fuzzy link a guard cut (the two records ended in different
    customers). Read it for one customer:
        select * from restricted_intermediate.int_identity__link_explanations where customer_id = '...'
-#}

{%- set comparisons = var('identity_comparisons') %}

with

crosswalk as (
    select * from {{ ref('int_identity__crosswalk') }}
),

deterministic_edges as (
    select * from {{ ref('int_identity__deterministic_edges') }}
),

fuzzy_edges as (
    select * from {{ ref('int_identity__fuzzy_edges') }}
),

identifier_links as (
    select
        crosswalk.customer_id,
        crosswalk.source_name,
        crosswalk.source_record_id,
        crosswalk.record_key,
        'identifier' as link_kind,
        deterministic_edges.match_rule,
        cast(null as {{ dbt.type_string() }}) as linked_record_key,
        {{ dbt.concat(['deterministic_edges.identifier_type', "':'", 'deterministic_edges.identifier_value']) }}
            as linked_identifier,
        cast(deterministic_edges.match_confidence as {{ dbt.type_float() }}) as match_probability,
        cast(null as {{ dbt.type_float() }}) as match_weight,
        {%- for c in comparisons %}
            cast(null as {{ dbt.type_int() }}) as {{ c.field }}_level,
            cast(null as {{ dbt.type_float() }}) as {{ c.field }}_match_weight,
        {%- endfor %}
        cast(null as {{ dbt.type_string() }}) as blocking_passes,
        cast(null as {{ dbt.type_string() }}) as override_reason,
        true as is_link_kept
    from crosswalk
    inner join deterministic_edges on crosswalk.record_key = deterministic_edges.record_key
),

-- each fuzzy edge seen from both of its records
directed_edges as (
    select
        left_record_key as record_key,
        right_record_key as linked_record_key,
        *
    from fuzzy_edges
    union all
    select
        right_record_key as record_key,
        left_record_key as linked_record_key,
        *
    from fuzzy_edges
),

fuzzy_links as (
    select
        crosswalk.customer_id,
        crosswalk.source_name,
        crosswalk.source_record_id,
        crosswalk.record_key,
        directed_edges.match_rule as link_kind,
        directed_edges.match_rule,
        directed_edges.linked_record_key,
        cast(null as {{ dbt.type_string() }}) as linked_identifier,
        cast(directed_edges.match_probability as {{ dbt.type_float() }}) as match_probability,
        cast(directed_edges.match_weight as {{ dbt.type_float() }}) as match_weight,
        {%- for c in comparisons %}
            directed_edges.{{ c.field }}_level,
            directed_edges.{{ c.field }}_match_weight,
        {%- endfor %}
        directed_edges.blocking_passes,
        directed_edges.override_reason,
        crosswalk.customer_id = linked.customer_id as is_link_kept
    from crosswalk
    inner join directed_edges on crosswalk.record_key = directed_edges.record_key
    inner join crosswalk as linked on directed_edges.linked_record_key = linked.record_key
),

final as (
    select * from identifier_links
    union all
    select * from fuzzy_links
)

select * from final
