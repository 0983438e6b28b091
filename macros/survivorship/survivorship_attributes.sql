{#-
    The profile attributes the golden profile resolves, in column order. Each has
    - name: the `attribute` value in the candidates model and in seed `survivorship_rules`;
    - data_type: how the winning text value is cast back in the golden profile (`text`, `date`, `integer`);
    - sources: the sources `int_customers__attribute_candidates` reads the attribute from; the seed chooses which of
      them compete and in which order (a seed test rejects a source not named here);
    - columns (optional): the golden-profile columns a composite attribute is split into (the address is resolved as
      one value so that street, city, postal code and country always come from the same record).
    Adding an attribute or a source: map it in `int_customers__attribute_candidates`, declare it here and give it a
    rule in the seed.
-#}
{% macro survivorship_attributes() -%}
    {%- set person_sources = ['crm_customers', 'loyalty_members', 'shop_orders'] -%}
    {%- set enrichment = ['enrichment_demographics'] -%}
    {{ return([
        {'name': 'first_name', 'data_type': 'text', 'sources': person_sources},
        {'name': 'last_name', 'data_type': 'text', 'sources': person_sources},
        {'name': 'email', 'data_type': 'text', 'sources': person_sources},
        {'name': 'phone_e164', 'data_type': 'text', 'sources': person_sources},
        {'name': 'birth_date', 'data_type': 'date', 'sources': ['crm_customers', 'loyalty_members']},
        {'name': 'gender', 'data_type': 'text', 'sources': ['crm_customers']},
        {'name': 'address', 'data_type': 'text', 'sources': person_sources,
         'columns': ['street', 'city', 'postal_code', 'country_code']},
        {'name': 'age_band', 'data_type': 'text', 'sources': enrichment},
        {'name': 'income_band', 'data_type': 'text', 'sources': enrichment},
        {'name': 'household_size', 'data_type': 'integer', 'sources': enrichment},
        {'name': 'interests', 'data_type': 'text', 'sources': enrichment},
        {'name': 'preferred_store_id', 'data_type': 'text', 'sources': ['pos_transactions', 'loyalty_members']},
        {'name': 'preferred_device_type', 'data_type': 'text', 'sources': ['web_events']},
        {'name': 'email_marketing_consent', 'data_type': 'text', 'sources': ['consent_events']},
    ]) }}
{%- endmacro %}


{#- Names of the attributes a source provides (per `survivorship_attributes`), in column order. -#}
{% macro survivorship_attributes_of(source_name) -%}
    {%- set names = [] -%}
    {%- for attribute in customer360.survivorship_attributes() -%}
        {%- if source_name in attribute['sources'] -%}{%- do names.append(attribute['name']) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(names) }}
{%- endmacro %}


{#- Separator between the parts of a composite value (the address) in the long candidates model. -#}
{% macro survivorship_part_separator() -%}
    {{ return(' | ') }}
{%- endmacro %}


{#- Separator between source names in the seed's `source_order` column. -#}
{% macro survivorship_source_separator() -%}
    {{ return('|') }}
{%- endmacro %}
