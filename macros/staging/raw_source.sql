{#-
    Reading a raw source file. The column list of every raw table lives in ONE place: the sources YAML
    (`columns:` with `config: {meta: {required: true|false}}`). These macros read it from the graph,
    compare it with the columns the file really has, and fail early with a clear message.
-#}

{% macro raw_source_columns(source_name, table_name) -%}
    {#-
        The declared columns of a raw table as a list of {name, required}, in YAML order. In a dbt unit test
        the graph is not available: the names then come from macro raw_source_column_names, which the unit
        test overrides (`overrides: macros: customer360.raw_source_column_names: [...]`).
    -#}
    {%- if not execute -%}
        {#- the graph is empty while dbt parses: the column list is only needed to run -#}
        {{ return([]) }}
    {%- endif -%}
    {%- set node = graph.get('sources', {}).get('source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name) -%}
    {%- set columns = [] -%}
    {%- if node is none and customer360.is_unit_test() -%}
        {%- for name in customer360.raw_source_column_names(source_name, table_name) -%}
            {%- do columns.append({'name': name, 'required': false}) -%}
        {%- endfor -%}
        {{ return(columns) }}
    {%- elif node is none -%}
        {{ exceptions.raise_compiler_error('Unknown raw source ' ~ source_name ~ '.' ~ table_name) }}
    {%- endif -%}
    {%- for column in node.columns.values() -%}
        {%- set meta = column.get('config', {}).get('meta', {}) or column.get('meta', {}) -%}
        {%- do columns.append({'name': column.name, 'required': meta.get('required', false)}) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}


{% macro raw_source_column_names(source_name, table_name) -%}
    {#- the declared column names of a raw table, in YAML order (see raw_source_columns) -#}
    {%- if execute and customer360.is_unit_test() -%}
        {{ exceptions.raise_compiler_error(
            'A unit test of a model reading raw source ' ~ source_name ~ '.' ~ table_name ~ ' must override macro '
            ~ 'customer360.raw_source_column_names with the list of the raw columns'
        ) }}
    {%- endif -%}
    {%- set names = [] -%}
    {%- for column in customer360.raw_source_columns(source_name, table_name) -%}
        {%- do names.append(column.name) -%}
    {%- endfor -%}
    {{ return(names) }}
{%- endmacro %}


{% macro is_unit_test() -%}
    {#- true while dbt compiles a unit test (its graph is empty and sources are fixture CTEs) -#}
    {{ return(model is mapping and model.get('resource_type') == 'unit_test') }}
{%- endmacro %}


{% macro raw_source_file(relation) -%}
    {#- the file a source relation reads: the first quoted argument of its external location -#}
    {%- set match = modules.re.search("'([^']+)'", relation | string) -%}
    {{ return(match.group(1) if match else none) }}
{%- endmacro %}


{% macro raw_file_columns(relation, source_name, table_name) -%}
    {#-
        The column names the raw file really has. Fails when the file is missing. A newline-delimited
        JSON file read with read_json_objects has one column `json`: its keys are the columns.
    -#}
    {{ return(adapter.dispatch('raw_file_columns', 'customer360')(relation, source_name, table_name)) }}
{%- endmacro %}

{% macro default__raw_file_columns(relation, source_name, table_name) -%}
    {{ exceptions.raise_compiler_error(
        'raw_file_columns is not implemented for adapter ' ~ adapter.type() ~ ': add a <adapter>__raw_file_columns macro'
    ) }}
{%- endmacro %}

{% macro duckdb__raw_file_columns(relation, source_name, table_name) -%}
    {%- set file = customer360.raw_source_file(relation) -%}
    {%- if file is not none -%}
        {%- set found = run_query("select count(*) from glob('" ~ file ~ "')").columns[0].values()[0] -%}
        {%- if found == 0 and customer360.is_optional_source(table_name) -%}
            {#- an optional source may be absent altogether: no columns, no rows (macro select_raw_columns) -#}
            {{ return({'is_json_objects': false, 'names': [], 'is_absent': true}) }}
        {%- elif found == 0 -%}
            {{ exceptions.raise_compiler_error(
                "Raw file missing: '" ~ file ~ "' (source " ~ source_name ~ "." ~ table_name
                ~ "). Check var raw_data_path / raw_data_format."
            ) }}
        {%- endif -%}
    {%- endif -%}
    {%- set described = run_query('describe select * from ' ~ relation) -%}
    {%- set names = described.columns[0].values() | list -%}
    {%- if names == ['json'] -%}
        {%- set keys = run_query(
            'select distinct unnest(json_keys(json)) as key from ' ~ relation ~ ' order by 1'
        ) -%}
        {{ return({'is_json_objects': true, 'names': keys.columns[0].values() | list}) }}
    {%- endif -%}
    {{ return({'is_json_objects': false, 'names': names}) }}
{%- endmacro %}


{% macro select_raw_columns(source_name, table_name, prefix='raw_', where=none) -%}
    {#-
        A select of every declared column of a raw table, as text, named `<prefix><column>`, plus
        `raw_row_number` (the row's position in the file, from 1). A declared optional column missing from
        the file is NULL; a missing required column or a missing file stops the build with an error naming
        the file and the column. Extra file columns are ignored. `where`: an optional row filter on the
        `<prefix><column>` names, applied first (the incremental window, macros/incremental).
    -#}
    {{ return(adapter.dispatch('select_raw_columns', 'customer360')(source_name, table_name, prefix, where)) }}
{%- endmacro %}

{% macro default__select_raw_columns(source_name, table_name, prefix, where=none) -%}
    {{ exceptions.raise_compiler_error(
        'select_raw_columns is not implemented for adapter ' ~ adapter.type() ~ ': add a <adapter>__select_raw_columns macro'
    ) }}
{%- endmacro %}

{% macro duckdb__select_raw_columns(source_name, table_name, prefix, where=none) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- set declared = customer360.raw_source_columns(source_name, table_name) -%}
    {%- if customer360.is_unit_test() -%}
        {#-
            A unit test gives the raw rows as JSON object text in one column `json` (format: sql fixture), so a
            row names only the columns it needs: the others are NULL, as in a partial export.
        -#}
        {%- set file_columns = {
            'is_json_objects': true,
            'names': customer360.raw_source_column_names(source_name, table_name),
        } -%}
    {%- elif execute -%}
        {%- set file_columns = customer360.raw_file_columns(relation, source_name, table_name) -%}
    {%- else -%}
        {%- set file_columns = {'is_json_objects': false, 'names': customer360.raw_source_column_names(source_name, table_name)} -%}
    {%- endif -%}
    {%- if file_columns.get('is_absent') or (
        execute and not customer360.is_unit_test() and file_columns.is_json_objects and not file_columns.names
        and customer360.is_optional_source(table_name)
    ) -%}
        {#- an optional source whose file is absent, or an empty newline-delimited JSON export of one (no object,
            so no key: JSON has no header line): the declared columns, no row -#}
        {{ return(customer360.empty_raw_select(declared, prefix)) }}
    {%- endif -%}
    {%- set missing_required = [] -%}
    {%- for column in declared if column.required and column.name not in file_columns.names -%}
        {%- do missing_required.append(column.name) -%}
    {%- endfor -%}
    {%- if missing_required -%}
        {{ exceptions.raise_compiler_error(
            "Raw file '" ~ (customer360.raw_source_file(relation) or relation) ~ "' (source " ~ source_name ~ "." ~ table_name
            ~ ") lacks required column(s): " ~ missing_required | join(', ')
        ) }}
    {%- endif %}
    select
        {%- for column in declared %}
            {%- if column.name not in file_columns.names %}
        cast(null as {{ dbt.type_string() }}) as {{ prefix ~ column.name }},
            {%- elif file_columns.is_json_objects %}
        raw_file.json ->> '{{ column.name }}' as {{ prefix ~ column.name }},
            {%- else %}
        cast(raw_file.{{ adapter.quote(column.name) }} as {{ dbt.type_string() }}) as {{ prefix ~ column.name }},
            {%- endif %}
        {%- endfor %}
        raw_file.ordinality as raw_row_number
    {%- if customer360.is_unit_test() %}
    from (select *, row_number() over () as ordinality from {{ relation }}) as raw_file
    {%- if where is not none %}
    where {{ where }}
    {%- endif %}
    {%- else %}
    from {{ relation }} with ordinality as raw_file
    -- privacy: drop the rows of erased people (columns with meta erasure_identifier; docs/privacy.md)
    where
        {%- if where is not none %}
        -- (after the caller's filter: DuckDB then hashes the identifiers of the rows it keeps only)
        {{ where }}
        and
        {%- endif %}
        {{ customer360.erasure_keep_condition(source_name, table_name, prefix) }}
    {%- endif %}
{%- endmacro %}


{% macro count_raw_rows(source_name, table_name) -%}
    {#- the number of rows in a raw file, counted straight from the file (for reconciliation); 0 for an absent
        optional source -#}
    {%- if customer360.raw_source_is_absent(source_name, table_name) -%}
    select cast(0 as {{ dbt.type_bigint() }}) as raw_rows
    {%- else -%}
    select count(*) as raw_rows from {{ source(source_name, table_name) }}
    {%- endif -%}
{%- endmacro %}


{% macro is_optional_source(table_name) -%}
    {#- whether a raw table is optional (var raw_optional_sources): it may be header-only or absent -#}
    {{ return(table_name in var('raw_optional_sources')) }}
{%- endmacro %}


{% macro raw_source_is_absent(source_name, table_name) -%}
    {#-
        True when the raw table is optional (var raw_optional_sources) and its file does not exist (checked at
        execution time). A required source is never "absent": reading it fails with the missing-file error.
    -#}
    {%- if not execute or customer360.is_unit_test() or not customer360.is_optional_source(table_name) -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set file = customer360.raw_source_file(source(source_name, table_name)) -%}
    {%- if file is none -%}
        {{ return(false) }}
    {%- endif -%}
    {{ return(run_query("select count(*) from glob('" ~ file ~ "')").columns[0].values()[0] == 0) }}
{%- endmacro %}


{% macro empty_raw_select(declared, prefix='raw_') -%}
    {#- a select with the declared raw columns (text, `<prefix><column>`) and `raw_row_number`, and no row -#}
    select
        {%- for column in declared %}
        cast(null as {{ dbt.type_string() }}) as {{ prefix ~ column.name }},
        {%- endfor %}
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number
    where 1 = 0
{%- endmacro %}

