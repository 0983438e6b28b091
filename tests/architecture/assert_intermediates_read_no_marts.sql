{#- Layers flow one way: no model under models/intermediate/ refs a model under models/marts/ (a model that needs a
    fact reads the intermediate the fact is built from; docs/architecture.md, "The layers"). Read from dbt's graph,
    so it holds for every model, present and future. Returns one row per offending ref. -#}
{%- set backward_refs = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.original_file_path.startswith('models/intermediate/') -%}
        {%- for parent_id in node.depends_on.nodes
            if parent_id in graph.nodes and graph.nodes[parent_id].original_file_path.startswith('models/marts/') -%}
            {%- do backward_refs.append((node.name, graph.nodes[parent_id].name)) -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif %}

with

backward_refs as (
    {%- for intermediate_model, mart_model in backward_refs %}
        {% if not loop.first %}union all{% endif %}
        select
            '{{ intermediate_model }}' as intermediate_model,
            '{{ mart_model }}' as mart_model
    {%- else %}
        select
            cast(null as {{ dbt.type_string() }}) as intermediate_model,
            cast(null as {{ dbt.type_string() }}) as mart_model
        where 1 = 0
    {%- endfor %}
)

select * from backward_refs
