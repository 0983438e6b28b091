{#-
    Validation rules of the base_ models: the whole machinery in one file (docs/validation_rules.md).

    A base_ model lists its rules as data at its top, in the order they are applied, one row per rule:

        {%- set rules = customer360.validation_rules(source('shop', 'shop_orders'), [
            {'rule': 'value_too_long', 'columns': raw_columns},
            {'rule': 'missing_required_field', 'columns': ['order_id', 'ordered_at']},
            {'rule': 'unparseable_value', 'column': 'ordered_at', 'when': 'ordered_at_utc is null'},
            {'rule': 'unparseable_value', 'column': 'status', 'not_accepted': 'status'},
        ]) -%}

    then renders `first_failing_rule(rules)` (the index of the first rule whose condition holds) and
    `lineage_columns(raw_columns, rules)` (the rule's name, raw column and raw value). The condition helpers
    (is_missing, unparsed, unknown_code, is_unparseable_currency) are here too; amount and timestamp conditions
    live with their parsers (macros/normalize).
-#}

{% macro validation_rules(relation, rows) -%}
    {#-
        The rule list of a base_ model, from rows of data in precedence order (the first whose condition holds
        rejects the row). A row: `rule` (the rule name) and either
          - `columns`: the raw columns of a multi-column rule, `value_too_long` (macro value_too_long_rule) or
            `missing_required_field` (macro missing_required_rule), which fails on the first listed column;
          - `column` (the raw column it fails on) and `when` (the SQL condition on the model's parsed columns), or
            `not_accepted` (a normalized code column: the condition is that its value is not among the raw
            column's `meta.accepted_values` in the sources YAML of `relation`, macro accepted_values_condition);
            optional `value`: the rejected value's expression (default the raw column's text).
        Returns the rule dicts first_failing_rule and rejection_columns render.
    -#}
    {%- set rules = [] -%}
    {%- for row in rows -%}
        {%- if row.get('columns') is not none and row.rule == 'value_too_long' -%}
            {%- do rules.append(customer360.value_too_long_rule(row.columns)) -%}
        {%- elif row.get('columns') is not none and row.rule == 'missing_required_field' -%}
            {%- do rules.append(customer360.missing_required_rule(row.columns)) -%}
        {%- elif row.get('column') is not none and row.get('not_accepted') is not none -%}
            {%- do rules.append(customer360.rule(
                row.rule, customer360.accepted_values_condition(row.not_accepted, relation, row.column), row.column,
                row.get('value')
            )) -%}
        {%- elif row.get('column') is not none and row.get('when') is not none -%}
            {%- do rules.append(customer360.rule(row.rule, row.when, row.column, row.get('value'))) -%}
        {%- else -%}
            {{ exceptions.raise_compiler_error(
                'Validation rule row ' ~ loop.index ~ ' (' ~ row.get('rule') ~ ') of ' ~ model.name ~ ': give `columns` '
                ~ '(value_too_long, missing_required_field), or `column` with `when` or `not_accepted`'
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(rules) }}
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
