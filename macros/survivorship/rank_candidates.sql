{#-
    Rank every attribute candidate of every customer by the survivorship rules (seed `survivorship_rules`):
    one row per eligible candidate with `survivorship_rank` (1 = the winning value). A candidate is eligible when its
    value is not NULL and its source is listed in the rule's `source_order`; attributes without a rule are not ranked.

    `candidates`: relation/CTE with customer_id, attribute, value (text), source_name, observed_at_utc, record_key.
    `rules`: relation/CTE with attribute, strategy, source_order (source names separated by `|`, most trusted first)
    and tie_break_values (optional: values preferred on a tie, separated by `|`, most preferred first).

    Strategies (the first sort key; `survivorship_order_by` adds the tie-breakers):
      source_priority  the most trusted source in `source_order`
      most_recent      the latest observation
      most_frequent    the value asserted by the most records
      first_non_null   the earliest observation (the value as first recorded)
      longest          the longest value (the most complete spelling or list)
    Ties, for every strategy, in this order: the more trusted source, the later observation, the value listed first
    in tie_break_values, the smaller value, the smaller record_key. (attribute, record_key, value) is unique, so the
    order is total and the result deterministic.
-#}
{% macro rank_candidates(candidates, rules) -%}
    {{ return(adapter.dispatch('rank_candidates', 'customer360')(candidates, rules)) }}
{%- endmacro %}

{% macro default__rank_candidates(candidates, rules) -%}
    {%- set separator = "'" ~ customer360.survivorship_source_separator() ~ "'" -%}
    {%- set listed_sources = dbt.concat([
        separator, dbt.replace('survivorship_rule.source_order', "' '", "''"), separator
    ]) -%}
    {%- set searched_source = dbt.concat([separator, 'candidate_source.source_name', separator]) -%}
    {%- set preferred_values = dbt.concat([
        separator, "coalesce(" ~ dbt.replace('eligible.tie_break_values', "' '", "''") ~ ", '')", separator
    ]) -%}
    {%- set searched_value = dbt.concat([separator, 'eligible.value', separator]) -%}
    select
        measured.customer_id,
        measured.attribute,
        measured.value,
        measured.source_name,
        measured.observed_at_utc,
        measured.record_key,
        measured.strategy,
        measured.source_rank,
        measured.value_frequency,
        measured.value_length,
        measured.tie_break_rank,
        row_number() over (
            partition by measured.customer_id, measured.attribute
            order by {{ customer360.survivorship_order_by('measured') }}
        ) as survivorship_rank
    from (
        select
            eligible.*,
            count(*) over (
                partition by eligible.customer_id, eligible.attribute, eligible.value
            ) as value_frequency,
            {{ dbt.length('eligible.value') }} as value_length,
            -- position of the value in the rule's tie_break_values (NULL when not listed)
            nullif({{ dbt.position(searched_value, preferred_values) }}, 0) as tie_break_rank
        from (
            select
                candidate.customer_id,
                candidate.attribute,
                candidate.value,
                candidate.source_name,
                candidate.observed_at_utc,
                candidate.record_key,
                rule_source.strategy,
                rule_source.tie_break_values,
                rule_source.source_rank
            from {{ candidates }} as candidate
            inner join (
                -- the sources each rule lists, numbered in the rule's order (1 = most trusted)
                select
                    survivorship_rule.attribute,
                    lower(trim(survivorship_rule.strategy)) as strategy,
                    survivorship_rule.tie_break_values,
                    candidate_source.source_name,
                    row_number() over (
                        partition by survivorship_rule.attribute
                        order by {{ dbt.position(searched_source, listed_sources) }}
                    ) as source_rank
                from {{ rules }} as survivorship_rule
                inner join (
                    select distinct
                        attribute,
                        source_name
                    from {{ candidates }}
                ) as candidate_source
                    on survivorship_rule.attribute = candidate_source.attribute
                where {{ dbt.position(searched_source, listed_sources) }} > 0
            ) as rule_source
                on
                    candidate.attribute = rule_source.attribute
                    and candidate.source_name = rule_source.source_name
            where candidate.value is not null
        ) as eligible
    ) as measured
{%- endmacro %}


{#- The ORDER BY of `rank_candidates`: the strategy's own key first, then the common tie-breakers. -#}
{% macro survivorship_order_by(alias) -%}
    case when {{ alias }}.strategy = 'source_priority' then {{ alias }}.source_rank end asc,
    case when {{ alias }}.strategy = 'most_recent' then {{ alias }}.observed_at_utc end desc nulls last,
    case when {{ alias }}.strategy = 'most_frequent' then {{ alias }}.value_frequency end desc,
    case when {{ alias }}.strategy = 'first_non_null' then {{ alias }}.observed_at_utc end asc nulls last,
    case when {{ alias }}.strategy = 'longest' then {{ alias }}.value_length end desc,
    {{ alias }}.source_rank asc,
    {{ alias }}.observed_at_utc desc nulls last,
    {{ alias }}.tie_break_rank asc nulls last,
    {{ alias }}.value asc,
    {{ alias }}.record_key asc
{%- endmacro %}


{#-
    Golden-profile columns of one attribute from the winners (rows with survivorship_rank = 1) in long form, for a
    `group by customer_id`: `<attribute>` (cast back to its data type) and `<attribute>_source`. A composite attribute
    (with `columns`) gives each part and `<part>_source` instead.
-#}
{% macro resolve_attribute(attribute, winners_alias='winners') -%}
    {%- set name = attribute['name'] -%}
    {%- set winning_value = "max(case when " ~ winners_alias ~ ".attribute = '" ~ name ~ "' then "
        ~ winners_alias ~ ".value end)" -%}
    {%- set winning_source = "max(case when " ~ winners_alias ~ ".attribute = '" ~ name ~ "' then "
        ~ winners_alias ~ ".source_name end)" -%}
    {%- if attribute.get('columns') -%}
        {%- for column in attribute['columns'] %}
    {{ customer360.unpack_composite_part(winning_value, loop.index) }} as {{ column }},
    {{ winning_source }} as {{ column }}_source
            {%- if not loop.last %},{% endif %}
        {%- endfor -%}
    {%- else %}
    {{ customer360.cast_survivor(winning_value, attribute['data_type']) }} as {{ name }},
    {{ winning_source }} as {{ name }}_source
    {%- endif -%}
{%- endmacro %}


{#- Cast a winning text value back to its attribute's data type (`text`, `date`, `integer`). -#}
{% macro cast_survivor(expression, data_type) -%}
    {%- if data_type == 'date' -%}
        {{ dbt.cast(expression, 'date') }}
    {%- elif data_type == 'integer' -%}
        {{ dbt.cast(expression, dbt.type_int()) }}
    {%- else -%}
        {{ expression }}
    {%- endif -%}
{%- endmacro %}


{#- Every golden-profile attribute column and its `_source`, resolved from `winners_alias` (see resolve_attribute). -#}
{% macro resolve_attributes(winners_alias='winners') -%}
    {%- for attribute in customer360.survivorship_attributes() %}
    {{ customer360.resolve_attribute(attribute, winners_alias) }}
        {%- if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}


{#- The golden-profile attribute columns, each followed by its `_source`, selected from `relation_alias`. -#}
{% macro golden_profile_attribute_columns(relation_alias) -%}
    {%- for attribute in customer360.survivorship_attributes() %}
        {%- set outer_loop = loop %}
        {%- for column in attribute.get('columns', [attribute['name']]) %}
    {{ relation_alias }}.{{ column }},
    {{ relation_alias }}.{{ column }}_source
            {%- if not (outer_loop.last and loop.last) %},{% endif %}
        {%- endfor %}
    {%- endfor %}
{%- endmacro %}
