{#-
    Long (one row per attribute value) form of a record-level relation for the candidates model.
    `relation` has customer_id, source_name, record_key, observed_at_utc and one column per attribute name;
    every non-empty value becomes a row (customer_id, attribute, value as text, source_name, observed_at_utc,
    record_key).
    Values are not trimmed here (staging trims them; a composite value keeps its empty leading parts).
-#}
{% macro unpivot_candidates(relation, attributes) -%}
    {%- for attribute in attributes %}
    select
        customer_id,
        '{{ attribute }}' as attribute,
        {{ dbt.cast(attribute, dbt.type_string()) }} as value,
        source_name,
        observed_at_utc,
        record_key
    from {{ relation }}
    where nullif(trim({{ dbt.cast(attribute, dbt.type_string()) }}), '') is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}


{#-
    One text value from the parts of a composite attribute (e.g. street, city, postal code, country), joined by
    `survivorship_part_separator()`; a missing part is left empty so positions stay fixed. NULL when every one of
    `required_any` (default: all parts) is NULL, so a record that only knows a country does not compete.
-#}
{% macro pack_composite_value(parts, required_any=none) -%}
    {%- set required = required_any if required_any is not none else parts -%}
    {%- set separator = "'" ~ customer360.survivorship_part_separator() ~ "'" -%}
    {%- set fields = [] -%}
    {%- for part in parts -%}
        {%- do fields.append("coalesce(" ~ dbt.cast(part, dbt.type_string()) ~ ", '')") -%}
        {%- if not loop.last %}{% do fields.append(separator) %}{% endif -%}
    {%- endfor -%}
    case
        when {% for part in required %}{{ part }} is not null{% if not loop.last %} or {% endif %}{% endfor %}
            then {{ dbt.concat(fields) }}
    end
{%- endmacro %}


{#- Part `part_number` (1-based) of a value built by `pack_composite_value`; an empty part is NULL. -#}
{% macro unpack_composite_part(expression, part_number) -%}
    {%- set separator = "'" ~ customer360.survivorship_part_separator() ~ "'" -%}
    nullif(trim({{ dbt.split_part(expression, separator, part_number) }}), '')
{%- endmacro %}
