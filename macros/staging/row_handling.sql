{#- Row-level handling shared by every base_ model: exact duplicates, raw record, rejection rules. -#}

{% macro remove_exact_duplicates(relation, columns, prefix='raw_') -%}
    {#-
        Keeps one row per identical set of raw values (NULLs compare equal), the first in file order, and
        counts the copies: `exact_duplicate_count` = copies beyond the first (0 for a unique row).
    -#}
    select
        {%- for column in columns %}
        {{ prefix ~ column }},
        {%- endfor %}
        min(raw_row_number) as raw_row_number,
        count(*) - 1 as exact_duplicate_count
    from {{ relation }}
    group by
        {%- for column in columns %}
        {{ prefix ~ column }}{{ ',' if not loop.last }}
        {%- endfor %}
{%- endmacro %}


{% macro raw_record_json(columns, prefix='raw_') -%}
    {#- the raw row as JSON object text: raw column name -> raw text value (from columns `<prefix><name>`) -#}
    {{ return(adapter.dispatch('raw_record_json', 'customer360')(columns, prefix)) }}
{%- endmacro %}

{% macro default__raw_record_json(columns, prefix) -%}
    cast(json_object(
        {%- for column in columns %}
            '{{ column }}', {{ prefix ~ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    ) as {{ dbt.type_string() }})
{%- endmacro %}


{% macro raw_record_hash(columns, prefix='raw_') -%}
    {#-
        A hash of the raw row's content (MD5 of the raw values joined by `|`, NULL written as `\N`): the record
        key of sources without an id, and the identity of a quarantined row.
    -#}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(" ~ prefix ~ column ~ ", '\\N')") -%}
    {%- endfor -%}
    {{ dbt.hash(parts | join(" || '|' || ")) }}
{%- endmacro %}


{% macro first_failing_rule(rules) -%}
    {#-
        `rules`: rule dicts (macros `rule` / `missing_required_rule`) in precedence order. Renders
        `rejection_index`: the position (from 1) of the first rule whose condition holds, NULL when none does.
        Each condition is evaluated once; `rejection_columns` turns the index into names and values.
    -#}
    case
        {%- for rule in rules %}
        when {{ rule.when }} then {{ loop.index }}
        {%- endfor %}
    end as rejection_index
{%- endmacro %}


{% macro rejection_columns(rules) -%}
    {#-
        From `rejection_index` (macro first_failing_rule, same `rules`): `rejection_rule` (the rule name, NULL =
        the row is staged), `rejected_column` (the raw column it failed on) and `rejected_value` (that column's
        raw value, as text).
    -#}
    case rejection_index
        {%- for rule in rules %}
        when {{ loop.index }} then '{{ rule.rule }}'
        {%- endfor %}
    end as rejection_rule,
    case rejection_index
        {%- for rule in rules %}
        when {{ loop.index }} then {{ rule.column }}
        {%- endfor %}
    end as rejected_column,
    case rejection_index
        {%- for rule in rules %}
        when {{ loop.index }} then cast({{ rule.value }} as {{ dbt.type_string() }})
        {%- endfor %}
    end as rejected_value
{%- endmacro %}


{% macro rule(rule_name, condition, column, value=none) -%}
    {#- one rejecting rule on one raw column; the offending value defaults to the column's raw text -#}
    {{ return({
        'rule': rule_name,
        'when': '(' ~ condition ~ ')',
        'column': "'" ~ column ~ "'",
        'value': value if value is not none else 'raw_' ~ column,
    }) }}
{%- endmacro %}


{% macro is_missing(expression) -%}
    {#- a raw text value that is NULL, empty or whitespace only -#}
    ({{ expression }} is null or trim({{ expression }}) = '')
{%- endmacro %}


{% macro missing_required_rule(columns) -%}
    {#- rule `missing_required_field` over raw columns: fails on the first of `columns` that is missing -#}
    {%- set conditions = [] -%}
    {%- set column_case, value_case = [], [] -%}
    {%- for column in columns -%}
        {%- do conditions.append(customer360.is_missing('raw_' ~ column)) -%}
        {%- do column_case.append('when ' ~ customer360.is_missing('raw_' ~ column) ~ " then '" ~ column ~ "'") -%}
        {%- do value_case.append('when ' ~ customer360.is_missing('raw_' ~ column) ~ ' then raw_' ~ column) -%}
    {%- endfor -%}
    {{ return({
        'rule': 'missing_required_field',
        'when': '(' ~ conditions | join(' or ') ~ ')',
        'column': 'case ' ~ column_case | join(' ') ~ ' end',
        'value': 'case ' ~ value_case | join(' ') ~ ' end',
    }) }}
{%- endmacro %}


{% macro unparsed(raw_expression, parsed_expression) -%}
    {#- rule condition: a raw value is present but did not parse -#}
    (not {{ customer360.is_missing(raw_expression) }} and {{ parsed_expression }} is null)
{%- endmacro %}


{% macro unknown_code(code_expression, accepted) -%}
    {#- rule condition: a normalized code is present but not in the `accepted` list -#}
    ({{ code_expression }} is not null and {{ code_expression }} not in (
        {%- for value in accepted -%}
        '{{ value }}'{{ ', ' if not loop.last }}
        {%- endfor -%}
    ))
{%- endmacro %}


{% macro is_unparseable_currency(currency_code) -%}
    {#- rule condition: a currency present but not an ISO 4217 code (three letters) -#}
    ({{ currency_code }} is not null and not regexp_matches({{ currency_code }}, '^[A-Z]{3}$'))
{%- endmacro %}


{% macro lineage_columns(raw_columns, rules, hash_column=none) -%}
    {#-
        The lineage and validation columns every base_ model ends with: `raw_record` (JSON text) and
        `raw_record_hash` for rejected rows (every row when the source is keyed by the content hash: pass that
        column as `hash_column`), `raw_row_number`, `exact_duplicate_count` and the rejection columns (macro
        rejection_columns). Staged rows skip the JSON: they are the bulk of the data and never quarantined.
    -#}
    case when rejection_index is not null then {{ customer360.raw_record_json(raw_columns) }} end as raw_record,
    {% if hash_column is not none -%}
    {{ hash_column }} as raw_record_hash,
    {%- else -%}
    case when rejection_index is not null then {{ customer360.raw_record_hash(raw_columns) }} end as raw_record_hash,
    {%- endif %}
    raw_row_number,
    exact_duplicate_count,
    {{ customer360.rejection_columns(rules) }}
{%- endmacro %}


{% macro record_key(source_name, id_expression, raw_columns) -%}
    {#-
        `<source_name>:<id>`, or `<source_name>:<hash of the raw row>` when the id is missing (a rejected row).
        A CASE, not COALESCE: the hash is only computed where it is needed.
    -#}
    '{{ source_name }}:' || case
        when {{ id_expression }} is not null then {{ id_expression }}
        else {{ customer360.raw_record_hash(raw_columns) }}
    end
{%- endmacro %}


{% macro max_text_length(column) -%}
    {#- the longest raw text value a column accepts: var max_text_length_overrides[column], else var max_text_length -#}
    {{ return(var('max_text_length_overrides', {}).get(column, var('max_text_length'))) }}
{%- endmacro %}


{% macro value_too_long_rule(columns) -%}
    {#-
        Rule `value_too_long` over raw columns: fails on the first of `columns` whose raw text is longer than its
        cap (macro max_text_length). First in every base_ model's rules: such a value is never parsed further.
    -#}
    {%- set column_case, value_case, conditions = [], [], [] -%}
    {%- for column in columns -%}
        {%- set condition = 'length(raw_' ~ column ~ ') > ' ~ customer360.max_text_length(column) -%}
        {%- do conditions.append(condition) -%}
        {%- do column_case.append('when ' ~ condition ~ " then '" ~ column ~ "'") -%}
        {%- do value_case.append('when ' ~ condition ~ ' then raw_' ~ column) -%}
    {%- endfor -%}
    {{ return({
        'rule': 'value_too_long',
        'when': '(coalesce(' ~ conditions | join(' or ') ~ ', false))',
        'column': 'case ' ~ column_case | join(' ') ~ ' end',
        'value': 'case ' ~ value_case | join(' ') ~ ' end',
    }) }}
{%- endmacro %}
