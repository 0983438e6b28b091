{#-
    Reading a raw source file. The column list of every raw table lives in ONE place: the sources YAML
    (`columns:` with `config: {meta: {required: true|false}}`). These macros read it from the graph,
    compare it with the columns the file really has, and fail early with a clear message.
-#}

{% macro raw_source_node(relation) -%}
    {#-
        The sources-YAML node of a source relation (the result of `source(...)`), found in the graph by the
        relation's identifier (the raw table's name). None while dbt parses and in a unit test (empty graph).
    -#}
    {%- if not execute or customer360.is_unit_test() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- for node in graph.get('sources', {}).values() if node.identifier == relation.identifier -%}
        {{ return(node) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error('Unknown raw source ' ~ relation.identifier) }}
{%- endmacro %}


{% macro raw_source_label(relation) -%}
    {#- `<source>.<table>` of a source relation, for error messages (the identifier when the graph is empty) -#}
    {%- set node = customer360.raw_source_node(relation) -%}
    {{ return(node.source_name ~ '.' ~ node.name if node is not none else relation.identifier) }}
{%- endmacro %}


{% macro raw_source_columns(relation) -%}
    {#-
        The declared columns of a raw table (a source relation) as a list of {name, required}, in YAML order. In
        a dbt unit test the graph is not available: the names then come from macro raw_source_column_names,
        which the unit test overrides (`overrides: macros: customer360.raw_source_column_names: [...]`).
    -#}
    {%- if not execute -%}
        {#- the graph is empty while dbt parses: the column list is only needed to run -#}
        {{ return([]) }}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- if customer360.is_unit_test() -%}
        {%- for name in customer360.raw_source_column_names(relation) -%}
            {%- do columns.append({'name': name, 'required': false}) -%}
        {%- endfor -%}
        {{ return(columns) }}
    {%- endif -%}
    {%- set node = customer360.raw_source_node(relation) -%}
    {%- for column in node.columns.values() -%}
        {%- set meta = column.get('config', {}).get('meta', {}) or column.get('meta', {}) -%}
        {%- do columns.append({'name': column.name, 'required': meta.get('required', false)}) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}


{% macro raw_source_column_names(relation) -%}
    {#- the declared column names of a raw table (a source relation), in YAML order (see raw_source_columns) -#}
    {%- if execute and customer360.is_unit_test() -%}
        {{ exceptions.raise_compiler_error(
            'A unit test of a model reading a raw source must override macro '
            ~ 'customer360.raw_source_column_names with the list of the raw columns'
        ) }}
    {%- endif -%}
    {%- set names = [] -%}
    {%- for column in customer360.raw_source_columns(relation) -%}
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


{% macro raw_file_format(relation) -%}
    {#- how a source relation is read: `csv` or `json` (read line by line, macro raw_file_lines) or `parquet` -#}
    {%- set text = relation | string -%}
    {%- if 'read_csv' in text -%}
        {{ return('csv') }}
    {%- elif 'read_json' in text -%}
        {{ return('json') }}
    {%- endif -%}
    {{ return('parquet') }}
{%- endmacro %}


{% macro raw_file_encoding(relation) -%}
    {#- the declared text encoding of a raw file: var raw_file_encodings[table], else var raw_default_encoding -#}
    {{ return(var('raw_file_encodings', {}).get(relation.identifier, var('raw_default_encoding', 'utf-8'))) }}
{%- endmacro %}


{% macro raw_line_reader(file, encoding, ignore_errors=true) -%}
    {#-
        A CSV or JSON-lines file read as physical lines (one text column `line`): no quoting, no delimiter (chr(1)
        never occurs in text), so a line's content cannot make the reader fail. A line ends at LF, CRLF or a lone
        CR (DuckDB's rule for an unquoted file, strict mode off). Lines the reader cannot decode in
        `encoding` (or longer than its maximum line size) are skipped with ignore_errors and listed by
        raw_unreadable_lines.
    -#}
    read_csv('{{ file }}', header = false, auto_detect = false, columns = {'line': 'varchar'}, delim = chr(1),
        quote = '', escape = '', strict_mode = false, encoding = '{{ encoding }}'
        {%- if ignore_errors %}, ignore_errors = true{% endif %})
{%- endmacro %}


{% macro raw_unreadable_lines(file, encoding, relation) -%}
    {#-
        The lines of a raw file that the line reader cannot decode, as a list of {line, text, error} (DuckDB's
        rejects table, read once at compile time and inlined into the SQL, so the model stays one statement).
        More than var max_unreadable_lines_per_file of them stops the build: the file's encoding is wrong
        (declare it in var raw_file_encodings).
    -#}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {#- DuckDB's rejects tables are temporary (this connection only); one pair per raw table -#}
    {%- set table_name = relation.identifier -%}
    {%- set rejects = 'customer360_unreadable_lines_' ~ table_name -%}
    {%- set scans = 'customer360_unreadable_scans_' ~ table_name -%}
    {%- do run_query('drop table if exists ' ~ rejects) -%}
    {%- do run_query('drop table if exists ' ~ scans) -%}
    {%- do run_query(
        'select count(*) from ' ~ customer360.raw_line_reader(file, encoding, ignore_errors=false)[:-1]
        ~ ", store_rejects = true, rejects_table = '" ~ rejects ~ "', rejects_scan = '" ~ scans ~ "')"
    ) -%}
    {%- set rejected = run_query(
        'select line, any_value(csv_line), min(error_type) from ' ~ rejects ~ ' group by line order by line'
    ) -%}
    {%- do run_query('drop table if exists ' ~ rejects) -%}
    {%- do run_query('drop table if exists ' ~ scans) -%}
    {%- set lines = [] -%}
    {%- for row in rejected.rows -%}
        {%- do lines.append({'line': row[0] | int, 'text': row[1], 'error': row[2]}) -%}
    {%- endfor -%}
    {%- if lines | length > var('max_unreadable_lines_per_file') -%}
        {{ exceptions.raise_compiler_error(
            "Raw file '" ~ file ~ "' (source " ~ customer360.raw_source_label(relation) ~ "): " ~ lines | length
            ~ " lines cannot be read as " ~ encoding ~ " (first: line " ~ lines[0].line ~ ", " ~ lines[0].error
            ~ "). Declare the file's encoding in var raw_file_encodings (e.g. {" ~ table_name ~ ": latin-1})."
        ) }}
    {%- endif -%}
    {{ return(lines) }}
{%- endmacro %}


{% macro raw_file_lines(file, encoding, unreadable) -%}
    {#-
        A select of every physical line of a raw text file: `line_number` (from 1), `line` (text without a trailing
        carriage return or, on line 1, a byte-order mark) and `reader_error` (NULL, or why the line could not be
        read: `unreadable`, from macro raw_unreadable_lines, then holds the line's text as DuckDB reports it).
    -#}
    {%- set kept_before = [] -%}
    {%- for rejected in unreadable -%}
        {%- do kept_before.append(rejected.line - loop.index) -%}
    {%- endfor -%}
    select
        line_number,
        case when line_number = 1 then ltrim(line, chr(65279)) else line end as line,
        cast(null as {{ dbt.type_string() }}) as reader_error
    from (
        select
            {%- if kept_before %}
            -- a skipped line shifts the lines after it
            kept.ordinality + len(list_filter([{{ kept_before | join(', ') }}], lambda k: k < kept.ordinality))
                as line_number,
            {%- else %}
            kept.ordinality as line_number,
            {%- endif %}
            rtrim(kept.line, chr(13)) as line
        from {{ customer360.raw_line_reader(file, encoding) }} with ordinality as kept
    ) as read_lines
    {%- for rejected in unreadable %}
    union all
    select
        {{ rejected.line }},
        '{{ (rejected.text or '') | replace("'", "''") }}',
        '{{ rejected.error | lower | replace(' ', '_') }}'
    {%- endfor %}
{%- endmacro %}


{% macro raw_file_records(relation, header_width=none) -%}
    {#-
        A select of every data record of a CSV or JSON-lines raw file, one per non-blank line (the CSV header
        excluded): `line_number`, `raw_row_number` (the record's position among the data lines, from 1), `line`,
        `fields` (CSV: the list of unquoted field values, an empty field NULL; JSON: NULL), `json` (JSON: the
        object; CSV: NULL) and `malformed_reason`: NULL for a well-formed record, else why it cannot be parsed
        (unbalanced_quotes, too_few_fields, too_many_fields, malformed_json, not_an_object, or the reader's
        error such as invalid_encoding). A CSV record is one line: a line break inside a quoted field is
        not supported (its lines are malformed). docs/raw_data_contract.md.
    -#}
    {%- set file = customer360.raw_source_file(relation) -%}
    {%- set encoding = customer360.raw_file_encoding(relation) -%}
    {%- set unreadable = customer360.raw_unreadable_lines(file, encoding, relation) -%}
    {%- set format = customer360.raw_file_format(relation) -%}
    {%- if format == 'csv' -%}
        {%- if header_width is none -%}
            {%- set header_width = customer360.raw_file_columns(relation).names | length -%}
        {%- endif %}
    select
        line_number,
        line_number - 1 as raw_row_number,
        line,
        case
            -- most lines have no quote: an empty field is NULL
            when not contains(line, '"') then list_transform(split_fields, lambda f: nullif(f, ''))
            else list_transform(split_fields, lambda f: case
                when f = '' then null
                when starts_with(f, '"') then replace(f[2:-2], '""', '"')
                else f
            end)
        end as fields,
        cast(null as json) as json,
        case
            when reader_error is not null then reader_error
            when split_fields is null then 'unbalanced_quotes'
            when len(split_fields) < {{ header_width }} then 'too_few_fields'
            when len(split_fields) > {{ header_width }} then 'too_many_fields'
        end as malformed_reason
    from (
        select
            *,
            case
                when reader_error is not null then null
                when not contains(line, '"') then string_split(line, ',')
                -- RFC 4180 fields: quoted ("" inside is a quote) or not starting with a quote
                when regexp_full_match(line || ',', '(("(?:[^"]|"")*"|[^,"][^,]*|),)*')
                    then regexp_extract_all(line || ',', '("(?:[^"]|"")*"|[^,"][^,]*|),', 1)
            end as split_fields
        from ({{ customer360.raw_file_lines(file, encoding, unreadable) }}) as file_lines
        where line_number > 1 and (line <> '' or reader_error is not null)
    ) as split_lines
    {%- else %}
    select
        line_number,
        line_number as raw_row_number,
        line,
        cast(null as {{ dbt.type_string() }}[]) as fields,
        case when is_object then json(line) end as json,
        case
            when reader_error is not null then reader_error
            when not is_valid then 'malformed_json'
            when not is_object then 'not_an_object'
        end as malformed_reason
    from (
        select
            *,
            coalesce(json_valid(line), false) as is_valid,
            coalesce(try(json_type(line)) = 'OBJECT', false) as is_object
        from ({{ customer360.raw_file_lines(file, encoding, unreadable) }}) as file_lines
        where trim(line) <> '' or reader_error is not null
    ) as checked_lines
    {%- endif -%}
{%- endmacro %}


{% macro raw_file_columns(relation) -%}
    {#-
        The column names the raw file really has. Fails when the file is missing, and when a CSV file is not
        comma-separated (its header names the delimiter found). A newline-delimited JSON file: the keys of its
        well-formed objects are the columns.
    -#}
    {{ return(adapter.dispatch('raw_file_columns', 'customer360')(relation)) }}
{%- endmacro %}

{% macro default__raw_file_columns(relation) -%}
    {{ exceptions.raise_compiler_error(
        'raw_file_columns is not implemented for adapter ' ~ adapter.type() ~ ': add a <adapter>__raw_file_columns macro'
    ) }}
{%- endmacro %}

{% macro duckdb__raw_file_columns(relation) -%}
    {%- set file = customer360.raw_source_file(relation) -%}
    {%- set format = customer360.raw_file_format(relation) -%}
    {%- if file is not none -%}
        {%- set found = run_query("select count(*) from glob('" ~ file ~ "')").columns[0].values()[0] -%}
        {%- if found == 0 and customer360.is_optional_source(relation) -%}
            {#- an optional source may be absent altogether: no columns, no rows (macro select_raw_columns) -#}
            {{ return({'format': format, 'names': [], 'is_absent': true}) }}
        {%- elif found == 0 -%}
            {{ exceptions.raise_compiler_error(
                "Raw file missing: '" ~ file ~ "' (source " ~ customer360.raw_source_label(relation)
                ~ "). Check var raw_data_path / raw_data_format."
            ) }}
        {%- endif -%}
    {%- endif -%}
    {%- set encoding = customer360.raw_file_encoding(relation) -%}
    {%- if format == 'csv' -%}
        {#-
            the header line only (the reader reads ahead: an undecodable line further down must not fail it). Read
            without parallelism: a parallel scan of a large file may hand any chunk's first line to `limit 1`.
        -#}
        {%- set first = run_query(
            'select ltrim(rtrim(line, chr(13)), chr(65279)) from '
            ~ customer360.raw_line_reader(file, encoding)[:-1] ~ ', parallel = false) limit 1'
        ).columns[0].values() -%}
        {%- set header = (first[0] or '') if first else '' -%}
        {%- set names = [] -%}
        {%- for name in header.split(',') -%}
            {%- do names.append(name.strip().strip('"')) -%}
        {%- endfor -%}
        {%- if names | length == 1 -%}
            {%- for delimiter, label in [(';', 'semicolon (;)'), ('\t', 'tab'), ('|', 'pipe (|)')] -%}
                {%- if delimiter in header -%}
                    {{ exceptions.raise_compiler_error(
                        "Raw file '" ~ file ~ "' (source " ~ customer360.raw_source_label(relation) ~ ") is not comma-separated:"
                        ~ " its header line is separated by " ~ label ~ ", expected delimiter: comma (,)."
                        ~ " Export the file as comma-separated CSV (docs/raw_data_contract.md)."
                    ) }}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
        {{ return({'format': format, 'names': names}) }}
    {%- elif format == 'json' -%}
        {%- set keys = run_query(
            'select distinct unnest(json_keys(json(line))) as key from ('
            ~ customer360.raw_file_lines(file, encoding, []) ~ ') as file_lines'
            ~ ' where coalesce(json_valid(line), false) and try(json_type(line)) = \'OBJECT\' order by 1'
        ) -%}
        {{ return({'format': format, 'names': keys.columns[0].values() | list}) }}
    {%- endif -%}
    {%- set described = run_query('describe select * from ' ~ relation) -%}
    {{ return({'format': format, 'names': described.columns[0].values() | list}) }}
{%- endmacro %}


{% macro select_raw_columns(relation, prefix='raw_', where=none, keep_erased=false) -%}
    {#-
        A select of every declared column of a raw table (a source relation: `source(...)`), as text, named `<prefix><column>`, plus
        `raw_row_number` (the row's position in the file, from 1). A declared optional column missing from
        the file is NULL; a missing required column or a missing file stops the build with an error naming
        the file and the column. Extra file columns are ignored. `where`: an optional row filter on the
        `<prefix><column>` names, applied first (the incremental window, macros/incremental). A CSV or JSON-lines
        file is read line by line (macro raw_file_records): its malformed lines are left out here and quarantined
        (macro select_malformed_lines). `keep_erased`: keep the rows of erased people (for their count only).
    -#}
    {{ return(adapter.dispatch('select_raw_columns', 'customer360')(relation, prefix, where, keep_erased)) }}
{%- endmacro %}

{% macro default__select_raw_columns(relation, prefix, where=none, keep_erased=false) -%}
    {{ exceptions.raise_compiler_error(
        'select_raw_columns is not implemented for adapter ' ~ adapter.type() ~ ': add a <adapter>__select_raw_columns macro'
    ) }}
{%- endmacro %}

{% macro duckdb__select_raw_columns(relation, prefix, where=none, keep_erased=false) -%}
    {%- set declared = customer360.raw_source_columns(relation) -%}
    {%- if customer360.is_unit_test() -%}
        {#-
            A unit test gives the raw rows as JSON object text in one column `json` (format: sql fixture), so a
            row names only the columns it needs: the others are NULL, as in a partial export.
        -#}
        {%- set file_columns = {'format': 'json', 'names': customer360.raw_source_column_names(relation)} -%}
    {%- elif execute -%}
        {%- set file_columns = customer360.raw_file_columns(relation) -%}
    {%- else -%}
        {%- set file_columns = {'format': 'parquet', 'names': customer360.raw_source_column_names(relation)} -%}
    {%- endif -%}
    {%- if file_columns.get('is_absent') or (
        execute and not customer360.is_unit_test() and file_columns.format == 'json' and not file_columns.names
        and customer360.is_optional_source(relation)
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
            "Raw file '" ~ (customer360.raw_source_file(relation) or relation) ~ "' (source "
            ~ customer360.raw_source_label(relation) ~ ") lacks required column(s): " ~ missing_required | join(', ')
        ) }}
    {%- endif %}
    select
        {%- for column in declared %}
            {%- if column.name not in file_columns.names %}
        cast(null as {{ dbt.type_string() }}) as {{ prefix ~ column.name }},
            {%- elif file_columns.format == 'json' %}
        raw_file.json ->> '{{ column.name }}' as {{ prefix ~ column.name }},
            {%- elif file_columns.format == 'csv' %}
        raw_file.fields[{{ file_columns.names.index(column.name) + 1 }}] as {{ prefix ~ column.name }},
            {%- else %}
        cast(raw_file.{{ adapter.quote(column.name) }} as {{ dbt.type_string() }}) as {{ prefix ~ column.name }},
            {%- endif %}
        {%- endfor %}
        {%- if customer360.is_unit_test() or file_columns.format == 'parquet' %}
        raw_file.ordinality as raw_row_number
        {%- else %}
        raw_file.raw_row_number
        {%- endif %}
    {%- if customer360.is_unit_test() %}
    from (select *, row_number() over () as ordinality from {{ relation }}) as raw_file
    {%- if where is not none %}
    where {{ where }}
    {%- endif %}
    {%- else %}
    {%- if file_columns.format == 'parquet' %}
    from {{ relation }} with ordinality as raw_file
    where true
    {%- else %}
    -- the well-formed records of the file (a malformed line is quarantined: macro select_malformed_lines)
    from ({{ customer360.raw_file_records(relation, file_columns.names | length) }}) as raw_file
    where raw_file.malformed_reason is null
    {%- endif %}
        {%- if where is not none %}
        -- (after the caller's filter: DuckDB then hashes the identifiers of the rows it keeps only)
        and {{ where }}
        {%- endif %}
        {%- if not keep_erased %}
        -- privacy: drop the rows of erased people (columns with meta erasure_identifier; docs/privacy.md)
        and {{ customer360.erasure_keep_condition(relation, prefix) }}
        {%- endif %}
    {%- endif %}
{%- endmacro %}


{% macro select_malformed_lines(relation) -%}
    {#-
        A select of the lines of a raw CSV / JSON-lines file (a source relation) that cannot be parsed (macro raw_file_records), in the
        quarantine's columns: rule `malformed_line`, `raw_file`, `raw_line_number`, the line's text as
        `rejected_value` and `malformed_reason`. `raw_record` is the line split naively on commas under the
        header's names (plus `_raw_line`), so the erasure purge finds an erased person's identifiers in it.
        A Parquet file has no malformed lines (an empty select).
    -#}
    {%- set format = customer360.raw_file_format(relation) if execute else 'parquet' -%}
    {%- if format == 'parquet' or customer360.raw_source_is_absent(relation) %}
    select
        cast(null as {{ dbt.type_string() }}) as raw_file,
        cast(null as {{ dbt.type_bigint() }}) as raw_line_number,
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,
        cast(null as {{ dbt.type_string() }}) as raw_line,
        cast(null as {{ dbt.type_string() }}) as malformed_reason,
        cast(null as {{ dbt.type_string() }}) as raw_record
    where false
    {%- else -%}
    {%- set file_columns = customer360.raw_file_columns(relation) %}
    select
        '{{ customer360.raw_source_file(relation) }}' as raw_file,
        cast(line_number as {{ dbt.type_bigint() }}) as raw_line_number,
        cast(raw_row_number as {{ dbt.type_bigint() }}) as raw_row_number,
        line as raw_line,
        malformed_reason,
        {%- if file_columns.format == 'csv' %}
        cast(json_object(
            '_raw_line', line
            {%- for name in file_columns.names -%}
            , '{{ name }}', string_split(line, ',')[{{ loop.index }}]
            {%- endfor %}
        ) as {{ dbt.type_string() }}) as raw_record
        {%- else %}
        cast(json_object('_raw_line', line) as {{ dbt.type_string() }}) as raw_record
        {%- endif %}
    from ({{ customer360.raw_file_records(relation, file_columns.names | length) }}) as records
    where malformed_reason is not null
    {%- endif -%}
{%- endmacro %}


{% macro is_optional_source(relation) -%}
    {#- whether a raw table (a source relation) is optional (var raw_optional_sources): it may be header-only or absent -#}
    {{ return(relation.identifier in var('raw_optional_sources')) }}
{%- endmacro %}


{% macro raw_source_is_absent(relation) -%}
    {#-
        True when the raw table (a source relation) is optional (macro is_optional_source) and its file does not
        exist (checked at execution time). A required source is never "absent": reading it fails with the
        missing-file error.
    -#}
    {%- if not execute or customer360.is_unit_test() or not customer360.is_optional_source(relation) -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set file = customer360.raw_source_file(relation) -%}
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


{% macro count_raw_rows(relation) -%}
    {#-
        The number of data records in a raw file, counted straight from the file (for reconciliation): every
        non-blank line after the header, malformed lines included (a Parquet file: its rows); 0 for an absent
        optional source (macro is_optional_source).
    -#}
    {%- if customer360.raw_source_is_absent(relation) -%}
    select cast(0 as {{ dbt.type_bigint() }}) as raw_rows
    {%- elif execute and customer360.raw_file_format(relation) != 'parquet' -%}
    select count(*) as raw_rows from ({{ customer360.raw_file_records(relation, 0) }}) as records
    {%- else -%}
    select count(*) as raw_rows from {{ relation }}
    {%- endif -%}
{%- endmacro %}


{% macro count_readable_raw_rows(relation) -%}
    {#- the number of well-formed records in a raw file, erased people's rows included (for the erasure count) -#}
    select count(*) as readable_rows from ({{ customer360.select_raw_columns(relation, keep_erased=true) }}) as rows
{%- endmacro %}
