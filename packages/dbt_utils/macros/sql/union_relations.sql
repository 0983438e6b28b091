{#-
    `union all` of several relations whose columns differ in order or presence: every column of any
    relation appears once (case-insensitive name match, first relation's type wins unless
    column_override = {"name": "type"}), NULL where a relation lacks it. `source_column_name`
    (default _dbt_source_relation, none to omit) records each row's relation. include / exclude
    select columns; `where` filters every relation.
-#}
{% macro union_relations(
    relations,
    column_override=none,
    include=[],
    exclude=[],
    source_column_name='_dbt_source_relation',
    where=none
) -%}
    {{ return(adapter.dispatch('union_relations', 'dbt_utils')(
        relations, column_override, include, exclude, source_column_name, where
    )) }}
{%- endmacro %}

{% macro default__union_relations(relations, column_override, include, exclude, source_column_name, where) -%}
    {%- if include and exclude -%}
        {{ exceptions.raise_compiler_error("union_relations: give include or exclude, not both") }}
    {%- endif -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set overrides = column_override or {} -%}
    {%- set included = include | map('lower') | list -%}
    {%- set excluded = exclude | map('lower') | list -%}
    {#- ordered union of the column names; key = lower-case name -#}
    {%- set column_order = [] -%}
    {%- set column_types = {} -%}
    {%- set relation_columns = {} -%}
    {%- for relation in relations -%}
        {%- set present = {} -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- set key = column.name | lower -%}
            {%- if (not included or key in included) and key not in excluded -%}
                {%- do present.update({key: column.name}) -%}
                {%- if key not in column_types -%}
                    {%- do column_order.append(key) -%}
                    {%- do column_types.update({key: overrides.get(column.name, overrides.get(key, column.data_type))}) -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do relation_columns.update({relation | string: present}) -%}
    {%- endfor -%}
    {%- for relation in relations %}
    select
        {%- if source_column_name is not none %}
        cast({{ dbt.string_literal(relation | string | replace("'", "''")) }} as {{ dbt.type_string() }}) as {{ source_column_name }},
        {%- endif %}
        {%- for key in column_order %}
        {%- set present = relation_columns[relation | string] %}
        cast({{ adapter.quote(present[key]) if key in present else 'null' }} as {{ column_types[key] }}) as {{ adapter.quote(key) }}
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ relation }}
    {%- if where %}
    where {{ where }}
    {%- endif %}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
