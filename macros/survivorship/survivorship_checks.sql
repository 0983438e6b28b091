{#- Helpers of the singular tests in tests/customers that check the survivorship configuration and its result. -#}

{#- One row per attribute of `survivorship_attributes()`: (attribute). -#}
{% macro survivorship_attribute_catalog() -%}
    {%- for attribute in customer360.survivorship_attributes() %}
    select '{{ attribute["name"] }}' as attribute
        {%- if not loop.last %}
    union all
        {%- endif %}
    {%- endfor %}
{%- endmacro %}


{#-
    What is left of a rule's source list once every source its attribute may use is removed: empty when the list
    only names known sources, else the unknown names run together. `source_order` and `attribute` are column names.
-#}
{% macro survivorship_unknown_sources(source_order, attribute) -%}
    {%- set separator = customer360.survivorship_source_separator() -%}
    {%- set quoted_separator = "'" ~ separator ~ "'" -%}
    case {{ attribute }}
    {%- for attribute_spec in customer360.survivorship_attributes() %}
        {%- set listed = dbt.concat([quoted_separator, dbt.replace(source_order, "' '", "''"), quoted_separator]) %}
        {%- set ns = namespace(expression=listed) %}
        {%- for source_name in attribute_spec['sources'] %}
            {%- set ns.expression = dbt.replace(
                ns.expression, "'" ~ separator ~ source_name ~ separator ~ "'", "'" ~ separator ~ separator ~ "'"
            ) %}
        {%- endfor %}
        when '{{ attribute_spec["name"] }}' then {{ dbt.replace(ns.expression, quoted_separator, "''") }}
    {%- endfor %}
    end
{%- endmacro %}


{#-
    The golden profile in long form, one row per attribute column: customer_id, attribute, part_number (0 for a plain
    attribute, 1.. for the parts of a composite one), value (text) and source_name.
-#}
{% macro golden_profile_values(relation) -%}
    {%- for attribute in customer360.survivorship_attributes() %}
        {%- set outer_loop = loop %}
        {%- for column in attribute.get('columns', [attribute['name']]) %}
    select
        customer_id,
        '{{ attribute["name"] }}' as attribute,
        {{ loop.index if attribute.get('columns') else 0 }} as part_number,
        {{ dbt.cast(column, dbt.type_string()) }} as value,
        {{ column }}_source as source_name
    from {{ relation }}
            {%- if not (outer_loop.last and loop.last) %}
    union all
            {%- endif %}
        {%- endfor %}
    {%- endfor %}
{%- endmacro %}
