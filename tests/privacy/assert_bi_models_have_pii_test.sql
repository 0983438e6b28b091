{#- Every model in a BI-facing schema (var privacy_bi_facing_schemas) must carry the `no_raw_pii` test, so a new
    mart cannot skip the PII-leak check. Returns one row per model that lacks it. (A single singular test cannot
    scan the marts itself: its dependencies are fixed at parse time, so it could run before a new mart is built.) -#}
{%- set bi_schemas = var('privacy_bi_facing_schemas') | map('lower') | list -%}
{%- set uncovered = [] -%}
{%- if execute -%}
    {%- set tested = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'test' -%}
        {%- if (node.test_metadata or {}).get('name') == 'no_raw_pii' -%}
            {%- for parent in node.depends_on.nodes -%}
                {%- do tested.append(parent) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for node in graph.nodes.values() if node.resource_type in ['model', 'snapshot', 'seed'] -%}
        {%- if node.schema | lower in bi_schemas and node.config.enabled and node.unique_id not in tested -%}
            {%- do uncovered.append(node.name) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif -%}

with

uncovered_models as (
    {%- for model_name in uncovered | sort %}
    select '{{ model_name }}' as model_without_pii_test
    union all
    {%- endfor %}
    select cast(null as {{ dbt.type_string() }}) as model_without_pii_test
)

select model_without_pii_test
from uncovered_models
where model_without_pii_test is not null
