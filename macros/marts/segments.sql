{#- Segment rules of customer_segments. Each turns a var of dbt_project.yml (block "marts and segments")
    into a CASE expression, so the cut-offs live in one place and the SQL hard-codes none of them. -#}

{#- Named RFM segment from recency and frequency scores: the first rule of var `rfm_segments` whose inclusive
    score ranges contain both scores; var `rfm_segment_without_orders` when the scores are NULL (no order). -#}
{% macro rfm_segment(recency_score, frequency_score) -%}
    case
        when {{ recency_score }} is null or {{ frequency_score }} is null
            then '{{ var("rfm_segment_without_orders") }}'
        {%- for rule in var('rfm_segments') %}
        when {{ recency_score }} between {{ rule['recency'][0] }} and {{ rule['recency'][1] }}
            and {{ frequency_score }} between {{ rule['frequency'][0] }} and {{ rule['frequency'][1] }}
            then '{{ rule["segment"] }}'
        {%- endfor %}
    end
{%- endmacro %}

{#- Value tier from a revenue percentile (0 to 1): the first tier of var `value_tiers` (highest first) whose
    `min_revenue_percentile` the percentile reaches; var `value_tier_without_revenue` when it is NULL. -#}
{% macro value_tier(revenue_percentile) -%}
    case
        when {{ revenue_percentile }} is null
            then '{{ var("value_tier_without_revenue") }}'
        {%- for tier in var('value_tiers') | sort(attribute='min_revenue_percentile', reverse=true) %}
        when {{ revenue_percentile }} >= {{ tier['min_revenue_percentile'] }}
            then '{{ tier["tier"] }}'
        {%- endfor %}
    end
{%- endmacro %}

{#- Lifecycle stage from the days since the first and the last completed order (NULL = no order), with the
    day thresholds of var `lifecycle_stage_thresholds`. -#}
{% macro lifecycle_stage(days_since_first_order, days_since_last_order) -%}
    {%- set thresholds = var('lifecycle_stage_thresholds') -%}
    case
        when {{ days_since_last_order }} is null then 'prospect'
        when {{ days_since_first_order }} <= {{ thresholds['new_max_days'] }} then 'new'
        when {{ days_since_last_order }} <= {{ thresholds['active_max_days'] }} then 'active'
        when {{ days_since_last_order }} <= {{ thresholds['at_risk_max_days'] }} then 'at_risk'
        else 'lapsed'
    end
{%- endmacro %}

{#- Email engagement level with the rates thresholds of var `email_engagement_thresholds`: unreachable (hard
    bounce, unsubscribe or complaint) > not_mailed (no campaign sent) > high > medium > low. -#}
{% macro email_engagement_level(is_unreachable, sent_campaign_count, open_rate, click_rate) -%}
    {%- set thresholds = var('email_engagement_thresholds') -%}
    case
        when {{ is_unreachable }} then 'unreachable'
        when coalesce({{ sent_campaign_count }}, 0) = 0 then 'not_mailed'
        when {{ click_rate }} >= {{ thresholds['high_min_click_rate'] }}
            or {{ open_rate }} >= {{ thresholds['high_min_open_rate'] }}
            then 'high'
        when {{ open_rate }} >= {{ thresholds['medium_min_open_rate'] }} then 'medium'
        else 'low'
    end
{%- endmacro %}
