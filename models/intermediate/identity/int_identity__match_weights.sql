{{ config(materialized='incremental', full_refresh=false, on_schema_change='append_new_columns') }}
-- depends_on: {{ ref('int_identity__random_pair_levels') }}
-- depends_on: {{ ref('int_identity__comparison_patterns') }}
-- depends_on: {{ ref('int_identity__fuzzy_records') }}
-- depends_on: {{ ref('int_identity__labelled_pair_levels') }}
{#-
    The trained Fellegi-Sunter model: per comparison field and level its m-probability (the share of matches
    at this level: from the pairs deterministic links already joined when there are at least
    var identity_m_min_labelled_pairs of them, int_identity__labelled_pair_levels; else by EM over the
    candidate pairs' patterns, macro identity_em_train), its u-probability (the
    share of random pairs at this level, int_identity__random_pair_levels, +1 per level) and its match weight
    log2(m / u); plus the prior (log2 of the odds that two random records match). Persisted: a build trains only
    when no weights are stored, when var identity_retrain is true, or when the number of compared records moved
    more than var identity_retrain_drift_ratio from the number the latest weights were trained on; each training
    appends a new training_generation, scoring uses the latest. --full-refresh keeps the table.
-#}

{%- set comparisons = var('identity_comparisons') -%}
{%- set state = namespace(train=true, generation=1, reason='first build') -%}
{#- trains only when its inputs exist (not while a linter compiles the project against an empty warehouse) -#}
{%- set can_train = execute and load_relation(ref('int_identity__fuzzy_records')) is not none -%}
{%- if can_train %}
    {%- set current_count = run_query(
        'select count(*) from ' ~ ref('int_identity__fuzzy_records')
    ).columns[0].values()[0] | int -%}
    {%- if is_incremental() %}
        {%- set stored = run_query(
            'select max(training_generation), max(trained_record_count) from ' ~ this
            ~ ' where training_generation = (select max(training_generation) from ' ~ this ~ ')'
        ).rows[0] -%}
        {%- set state.generation = (stored[0] or 0) | int + 1 -%}
        {%- if stored[0] is none %}
            {%- set state.reason = 'no stored weights' -%}
        {%- elif var('identity_retrain') %}
            {%- set state.reason = 'var identity_retrain' -%}
        {%- elif (current_count - (stored[1] | int)) | abs > var('identity_retrain_drift_ratio') * [stored[1] | int, 1] | max %}
            {%- set state.reason = 'compared records moved from ' ~ stored[1] ~ ' to ' ~ current_count -%}
        {%- else %}
            {%- set state.train = false -%}
        {%- endif %}
    {%- endif %}
{%- endif %}

{%- if can_train and state.train %}
    {{ log('int_identity__match_weights: training generation ' ~ state.generation ~ ' (' ~ state.reason ~ ')', info=true) }}
    {#- u-probabilities: level shares among random pairs, +1 per level -#}
    {%- set u_patterns = run_query('select * from ' ~ ref('int_identity__random_pair_levels')).rows -%}
    {%- set u = {} -%}
    {%- for c in comparisons -%}
        {%- do u.update({c.field: customer360.identity_level_shares(u_patterns, c)}) -%}
    {%- endfor -%}
    {#- the candidate pairs' patterns -#}
    {%- set order_columns = ['blocking_pass'] -%}
    {%- for c in comparisons -%}{%- do order_columns.append(c.field ~ '_level') -%}{%- endfor -%}
    {%- set pattern_table = run_query(
        'select * from ' ~ ref('int_identity__comparison_patterns') ~ ' order by ' ~ order_columns | join(', ')
    ) -%}
    {%- set pass_patterns = [] -%}
    {%- set all_patterns = [] -%}
    {%- set candidates = namespace(count=0) -%}
    {%- for row in pattern_table.rows -%}
        {%- set levels = {} -%}
        {%- for c in comparisons -%}
            {%- set value = row[c.field ~ '_level'] -%}
            {%- do levels.update({c.field: none if value is none else value | int}) -%}
        {%- endfor -%}
        {%- set pattern = {'blocking_pass': row['blocking_pass'], 'levels': levels, 'pair_count': row['pair_count'] | int} -%}
        {%- if row['blocking_pass'] == '*' -%}
            {%- do all_patterns.append(pattern) -%}
            {%- set candidates.count = candidates.count + row['pair_count'] | int -%}
        {%- else -%}
            {%- do pass_patterns.append(pattern) -%}
        {%- endif -%}
    {%- endfor -%}
    {#- m: from labelled matches (deterministic links) when there are enough, else by EM -#}
    {%- set labelled_patterns = run_query('select * from ' ~ ref('int_identity__labelled_pair_levels')).rows -%}
    {%- set labelled = namespace(count=0) -%}
    {%- for row in labelled_patterns -%}{%- set labelled.count = labelled.count + row['pair_count'] | int -%}{%- endfor -%}
    {%- if labelled.count >= var('identity_m_min_labelled_pairs') | int -%}
        {%- set m_source = 'deterministic links' -%}
        {%- set m_labelled = {} -%}
        {%- for c in comparisons -%}
            {#- a field no labelled pair has on both sides: no evidence either way (m = u) -#}
            {%- do m_labelled.update({c.field: customer360.identity_level_shares(labelled_patterns, c, u[c.field])}) -%}
        {%- endfor -%}
        {%- set trained = {'m': m_labelled, 'iterations': {}} -%}
    {%- else -%}
        {%- set m_source = 'em' -%}
        {%- set trained = customer360.identity_em_train(pass_patterns, u) -%}
    {%- endif -%}
    {%- set expected_matches = customer360.identity_em_expected_matches(all_patterns, trained['m'], u) -%}
    {%- set record_pairs = [current_count * (current_count - 1) / 2, 1] | max -%}
    {%- set prior = [[expected_matches / record_pairs, 0.000000001] | max, 0.5] | min -%}
    {{ log('int_identity__match_weights: ' ~ candidates.count ~ ' candidate pairs, ' ~ (expected_matches | round(1))
        ~ ' expected matches, m from ' ~ m_source ~ ' (' ~ labelled.count ~ ' labelled pairs), EM iterations per pass '
        ~ trained['iterations'], info=true) }}

with

trained as (
    {%- for c in comparisons %}
        {%- set top = customer360.identity_comparison_top_level(c) | int %}
        {%- set field_loop = loop %}
        {%- for level in range(top + 1) %}
            select
                '{{ c.field }}' as comparison_field,
                {{ level }} as comparison_level,
                '{{ customer360.identity_comparison_level_label(c, level) }}' as comparison_level_label,
                {{ trained['m'][c.field][level] }} as m_probability,
                {{ u[c.field][level] }} as u_probability
            {%- if not (field_loop.last and loop.last) %}
                union all
            {%- endif %}
        {%- endfor %}
    {%- endfor %}
),

final as (
    select
        -- training
        cast({{ state.generation }} as {{ dbt.type_int() }}) as training_generation,
        cast('{{ state.reason }}' as {{ dbt.type_string() }}) as training_reason,
        {{ dbt.current_timestamp() }} as trained_at_utc,
        cast({{ current_count }} as {{ dbt.type_bigint() }}) as trained_record_count,
        cast({{ candidates.count }} as {{ dbt.type_bigint() }}) as trained_candidate_pair_count,
        cast({{ expected_matches }} as {{ dbt.type_float() }}) as expected_match_count,
        cast('{{ m_source }}' as {{ dbt.type_string() }}) as m_probability_source,
        cast({{ labelled.count }} as {{ dbt.type_bigint() }}) as labelled_pair_count,
        -- prior: log2 odds that two random compared records match
        cast({{ customer360.identity_log2(prior ~ ' / (1 - ' ~ prior ~ ')') }} as {{ dbt.type_float() }})
            as prior_match_weight,
        -- comparison level
        cast(comparison_field as {{ dbt.type_string() }}) as comparison_field,
        cast(comparison_level as {{ dbt.type_int() }}) as comparison_level,
        cast(comparison_level_label as {{ dbt.type_string() }}) as comparison_level_label,
        cast(m_probability as {{ dbt.type_float() }}) as m_probability,
        cast(u_probability as {{ dbt.type_float() }}) as u_probability,
        cast({{ customer360.identity_log2('m_probability / u_probability') }} as {{ dbt.type_float() }})
            as match_weight
    from trained
)

select * from final

{%- else %}

    select * from {{ this if is_incremental() else ref('int_identity__fuzzy_records') }}
    where 1 = 0

{%- endif %}
