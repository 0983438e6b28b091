{#-
    Fellegi-Sunter matching: comparison levels per field (var identity_comparisons), the EM training of the
    m-probabilities (run once per training by int_identity__match_weights, in Jinja over a few hundred pattern
    rows), and the SQL that applies the stored weights to candidate pairs.
-#}

{% macro identity_comparisons() -%}
    {{ return(var('identity_comparisons')) }}
{%- endmacro %}


{% macro identity_comparison_top_level(comparison) -%}
    {#- the level of an exact match (levels run from 0 = disagree to this) -#}
    {%- set kind = comparison['kind'] -%}
    {%- if kind in ('name', 'string') -%}
        {{ return((comparison['similarity_levels'] | length) + 1) }}
    {%- elif kind in ('date', 'street') -%}
        {{ return(3) }}
    {%- elif kind == 'code' -%}
        {{ return(2) }}
    {%- elif kind == 'exact' -%}
        {{ return(1) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "var identity_comparisons: unknown kind '" ~ kind ~ "' of field " ~ comparison['field']
            ~ " (expected name, string, date, code, street or exact)"
        ) }}
    {%- endif -%}
{%- endmacro %}


{% macro identity_comparison_level_label(comparison, level) -%}
    {#- a readable name of a comparison level (int_identity__match_weights.comparison_level_label) -#}
    {%- set kind = comparison['kind'] -%}
    {%- set top = customer360.identity_comparison_top_level(comparison) | int -%}
    {%- if level == top -%}{{ return('exact') }}
    {%- elif level == 0 -%}{{ return('else') }}
    {%- elif kind in ('name', 'string') -%}
        {%- set threshold = comparison['similarity_levels'][top - 1 - level] -%}
        {{ return('jaro_winkler >= ' ~ threshold ~ (' or nickname or swapped names' if kind == 'name' and level == top - 1 else '')) }}
    {%- elif kind == 'date' -%}
        {{ return('one character or day-month swap' if level == 2 else 'same year or two characters') }}
    {%- elif kind == 'code' -%}
        {{ return('edit distance 1') }}
    {%- elif kind == 'street' -%}
        {{ return(
            'same house number, name jaro_winkler >= ' ~ comparison['similarity_levels'][0] if level == 2
            else 'jaro_winkler >= ' ~ comparison['similarity_levels'][1]
        ) }}
    {%- endif -%}
{%- endmacro %}


{% macro identity_comparison_level(
    comparison, left_expr, right_expr, is_nickname_match_expr='false', left_swap_expr=none, right_swap_expr=none
) -%}
    {#-
        The comparison level of one field of a pair: the top level for an exact match down to 0 (disagree);
        NULL when either side lacks the field (no evidence). kinds: see var identity_comparisons. A name with
        swap_column: first and last name swapped (left name ~ right swap column and the other way round, both
        Jaro-Winkler >= the first similarity level) counts as that level; left_swap_expr / right_swap_expr are
        the swap columns of both sides.
    -#}
    {%- set kind = comparison['kind'] -%}
    {%- set top = customer360.identity_comparison_top_level(comparison) | int -%}
    {%- set sims = comparison.get('similarity_levels', []) -%}
    case
        when {{ left_expr }} is null or {{ right_expr }} is null then null
        when {{ left_expr }} = {{ right_expr }} then {{ top }}
    {%- if kind in ('name', 'string') %}
        {%- if kind == 'name' %}
        when {{ is_nickname_match_expr }} then {{ top - 1 }}
        {%- if comparison.get('swap_column') and left_swap_expr is not none %}
        when
            {{ customer360.identity_string_similarity(left_expr, right_swap_expr) }} >= {{ sims[0] }}
            and {{ customer360.identity_string_similarity(left_swap_expr, right_expr) }} >= {{ sims[0] }}
            then {{ top - 1 }}
        {%- endif %}
        {%- endif %}
        {%- for threshold in sims %}
        when {{ customer360.identity_string_similarity(left_expr, right_expr) }} >= {{ threshold }}
            then {{ top - loop.index }}
        {%- endfor %}
    {%- elif kind == 'date' %}
        {%- set left_text = dbt.safe_cast(left_expr, dbt.type_string()) -%}
        {%- set right_text = dbt.safe_cast(right_expr, dbt.type_string()) %}
        when
            {{ customer360.identity_edit_distance(left_text, right_text) }} <= 1
            and abs(extract(year from {{ left_expr }}) - extract(year from {{ right_expr }})) <= 1
            then 2
        when
            extract(year from {{ left_expr }}) = extract(year from {{ right_expr }})
            and extract(month from {{ left_expr }}) = extract(day from {{ right_expr }})
            and extract(day from {{ left_expr }}) = extract(month from {{ right_expr }})
            then 2
        when
            extract(year from {{ left_expr }}) = extract(year from {{ right_expr }})
            or {{ customer360.identity_edit_distance(left_text, right_text) }} <= 2
            then 1
    {%- elif kind == 'code' %}
        when {{ customer360.identity_edit_distance(left_expr, right_expr) }} <= 1 then 1
    {%- elif kind == 'street' %}
        when
            regexp_replace({{ left_expr }}, '[^0-9]', '', 'g') = regexp_replace({{ right_expr }}, '[^0-9]', '', 'g')
            and {{ customer360.identity_string_similarity(
                "regexp_replace(" ~ left_expr ~ ", '[0-9]', '', 'g')",
                "regexp_replace(" ~ right_expr ~ ", '[0-9]', '', 'g')"
            ) }} >= {{ sims[0] }}
            then 2
        when {{ customer360.identity_string_similarity(left_expr, right_expr) }} >= {{ sims[1] }} then 1
    {%- endif %}
        else 0
    end
{%- endmacro %}


{% macro identity_match_probability(weight_expr) -%}
    {#- a total match weight (log2 of the odds of a match) as a probability -#}
    (1.0 / (1.0 + power(2.0, -({{ weight_expr }}))))
{%- endmacro %}


{% macro identity_log2(expression) -%}
    (ln({{ expression }}) / ln(2.0))
{%- endmacro %}


{% macro identity_em_train(patterns, u_probabilities) -%}
    {#-
        Fellegi-Sunter EM with fixed u-probabilities (from random pairs). patterns: a list of dicts
        {blocking_pass, levels: {field: level or none}, pair_count}; u_probabilities: {field: {level: u}}.
        Each blocking pass is one EM session over its own pairs that estimates the m-probabilities of the fields
        the pass does not block on (var identity_comparisons blocking_keys) and the share of matches; a field's
        m is the mean over the sessions that estimated it, weighted by their expected matches. Returns
        {m: {field: {level: m}}, expected_matches: {pass: n}, iterations: {pass: n}}.
    -#}
    {%- set comparisons = var('identity_comparisons') -%}
    {%- set tops = {} -%}
    {%- for c in comparisons -%}
        {%- do tops.update({c['field']: customer360.identity_comparison_top_level(c) | int}) -%}
    {%- endfor -%}
    {%- set max_iterations = var('identity_em_max_iterations') | int -%}
    {%- set tolerance = var('identity_em_tolerance') | float -%}
    {%- set m_sums = {} -%}
    {%- set m_weights = {} -%}
    {%- set expected_matches = {} -%}
    {%- set iterations = {} -%}
    {%- for pass in var('identity_blocking_passes') -%}
        {%- set fields = [] -%}
        {%- for c in comparisons -%}
            {%- set blocked = [] -%}
            {%- for key in c.get('blocking_keys', []) if key in pass['keys'] -%}{%- do blocked.append(key) -%}{%- endfor -%}
            {%- if blocked | length == 0 -%}{%- do fields.append(c['field']) -%}{%- endif -%}
        {%- endfor -%}
        {#- compact rows: the pair count, the u-product (fixed) and the keys field|level of the known fields -#}
        {%- set rows = [] -%}
        {%- for p in patterns if p['blocking_pass'] == pass['name'] -%}
            {%- set keys = [] -%}
            {%- set product = namespace(u=1.0) -%}
            {%- for field in fields if p['levels'][field] is not none -%}
                {%- do keys.append(field ~ '|' ~ p['levels'][field]) -%}
                {%- set product.u = product.u * u_probabilities[field][p['levels'][field]] -%}
            {%- endfor -%}
            {%- do rows.append({'count': p['pair_count'], 'u': product.u, 'keys': keys}) -%}
        {%- endfor -%}
        {%- if rows | length > 0 and fields | length > 0 -%}
            {#- start: an exact match is likely for a match (0.8), the rest spread evenly; 10% matches -#}
            {%- set m = {} -%}
            {%- for field in fields -%}
                {%- for level in range(tops[field] + 1) -%}
                    {%- do m.update({field ~ '|' ~ level: 0.8 if level == tops[field] else 0.2 / tops[field]}) -%}
                {%- endfor -%}
            {%- endfor -%}
            {%- set state = namespace(share=0.1, total=0.0, matched=0.0, done=false, iterations=0) -%}
            {%- for iteration in range(max_iterations) if not state.done -%}
                {%- set sums = {} -%}
                {%- set state.total = 0.0 -%}
                {%- set state.matched = 0.0 -%}
                {%- for row in rows -%}
                    {%- set product = namespace(m=state.share) -%}
                    {%- for key in row['keys'] -%}{%- set product.m = product.m * m[key] -%}{%- endfor -%}
                    {%- set weighted = row['count'] * product.m / (product.m + (1.0 - state.share) * row['u']) -%}
                    {%- set state.total = state.total + row['count'] -%}
                    {%- set state.matched = state.matched + weighted -%}
                    {%- for key in row['keys'] -%}
                        {%- do sums.update({key: sums.get(key, 0.0) + weighted}) -%}
                    {%- endfor -%}
                {%- endfor -%}
                {%- set change = namespace(max=0.0) -%}
                {%- for field in fields -%}
                    {%- set denominator = namespace(value=0.0) -%}
                    {%- for level in range(tops[field] + 1) -%}
                        {%- set denominator.value = denominator.value + sums.get(field ~ '|' ~ level, 0.0) -%}
                    {%- endfor -%}
                    {%- for level in range(tops[field] + 1) -%}
                        {#- +0.01 pseudo-count per level: no m is exactly 0 -#}
                        {%- set key = field ~ '|' ~ level -%}
                        {%- set new_m = (sums.get(key, 0.0) + 0.01) / (denominator.value + 0.01 * (tops[field] + 1)) -%}
                        {%- set delta = (new_m - m[key]) | abs -%}
                        {%- if delta > change.max -%}{%- set change.max = delta -%}{%- endif -%}
                        {%- do m.update({key: new_m}) -%}
                    {%- endfor -%}
                {%- endfor -%}
                {%- set state.share = [[state.matched / state.total, 0.000001] | max, 0.999999] | min -%}
                {%- set state.iterations = iteration + 1 -%}
                {%- if change.max < tolerance -%}{%- set state.done = true -%}{%- endif -%}
            {%- endfor -%}
            {%- do expected_matches.update({pass['name']: state.matched}) -%}
            {%- do iterations.update({pass['name']: state.iterations}) -%}
            {%- for field in fields -%}
                {%- for level in range(tops[field] + 1) -%}
                    {%- set key = field ~ '|' ~ level -%}
                    {%- do m_sums.update({key: m_sums.get(key, 0.0) + m[key] * state.matched}) -%}
                {%- endfor -%}
                {%- do m_weights.update({field: m_weights.get(field, 0.0) + state.matched}) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set result = {} -%}
    {%- for c in comparisons -%}
        {%- set levels = {} -%}
        {%- for level in range(tops[c['field']] + 1) -%}
            {%- if m_weights.get(c['field'], 0.0) > 0 -%}
                {%- do levels.update({level: m_sums[c['field'] ~ '|' ~ level] / m_weights[c['field']]}) -%}
            {%- else -%}
                {#- never estimated (every pass blocks on it, or no candidates): no evidence either way -#}
                {%- do levels.update({level: u_probabilities[c['field']][level]}) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do result.update({c['field']: levels}) -%}
    {%- endfor -%}
    {{ return({'m': result, 'expected_matches': expected_matches, 'iterations': iterations}) }}
{%- endmacro %}


{% macro identity_em_expected_matches(patterns, m_probabilities, u_probabilities) -%}
    {#-
        The expected number of matches among the distinct candidate pairs: EM of the share of matches only, with
        every field's m (trained) and u (random pairs) fixed. patterns: [{levels: {field: level or none},
        pair_count}]. The prior of int_identity__match_weights is this number over all record pairs.
    -#}
    {%- set comparisons = var('identity_comparisons') -%}
    {%- set ratios = [] -%}
    {%- set state = namespace(share=0.1, matched=0.0, total=0.0, done=false) -%}
    {%- for row in patterns -%}
        {%- set ratio = namespace(value=1.0) -%}
        {%- for c in comparisons -%}
            {%- set level = row['levels'][c['field']] -%}
            {%- if level is not none -%}
                {%- set ratio.value = ratio.value * m_probabilities[c['field']][level] / u_probabilities[c['field']][level] -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do ratios.append(ratio.value) -%}
        {%- set state.total = state.total + row['pair_count'] -%}
    {%- endfor -%}
    {%- if state.total == 0 -%}
        {#- no candidate pair (a tiny or single-person export): no expected match -#}
        {{ return(0.0) }}
    {%- endif -%}
    {%- for iteration in range(var('identity_em_max_iterations') | int) if not state.done -%}
        {%- set state.matched = 0.0 -%}
        {%- for row in patterns -%}
            {%- set odds = state.share / (1.0 - state.share) * ratios[loop.index0] -%}
            {%- set state.matched = state.matched + row['pair_count'] * odds / (1.0 + odds) -%}
        {%- endfor -%}
        {%- set new_share = [[state.matched / state.total, 0.000001] | max, 0.999999] | min -%}
        {%- if (new_share - state.share) | abs < var('identity_em_tolerance') | float -%}{%- set state.done = true -%}{%- endif -%}
        {%- set state.share = new_share -%}
    {%- endfor -%}
    {{ return(state.matched) }}
{%- endmacro %}


{% macro identity_conflicting_profiles(left_prefix, right_prefix, is_nickname_match_expr, unknown_conflicts=false) -%}
    {#-
        true when two records are conflicting profiles (different people): every field of
        var identity_conflict_levels is at or below the level given (NULL: not conflicting; with
        unknown_conflicts, a field of var identity_conflict_unknown_fields counts as below). Columns:
        <left_prefix><column> and <right_prefix><column> of the fields' comparisons.
    -#}
    {%- set by_field = {} -%}
    {%- for c in var('identity_comparisons') -%}{%- do by_field.update({c.field: c}) -%}{%- endfor -%}
    (
    {%- for field, level in var('identity_conflict_levels').items() %}
        {%- set c = by_field[field] %}
        coalesce({{ customer360.identity_pair_level(c, is_nickname_match_expr, left_prefix, right_prefix) }}, {{ 0 if unknown_conflicts and field in var('identity_conflict_unknown_fields') else level + 1 }}) <= {{ level }}
        {{- ' and' if not loop.last }}
    {%- endfor %}
    )
{%- endmacro %}


{% macro identity_pair_level(comparison, is_nickname_match_expr='false', left_prefix='left_', right_prefix='right_') -%}
    {#-
        The comparison level of one comparison of var identity_comparisons for a pair whose columns are
        <left_prefix><column> and <right_prefix><column> (swap columns included): macro identity_comparison_level
        with the pair's columns filled in.
    -#}
    {{- customer360.identity_comparison_level(
        comparison, left_prefix ~ comparison.column, right_prefix ~ comparison.column, is_nickname_match_expr,
        customer360.identity_swap_expr(comparison, left_prefix), customer360.identity_swap_expr(comparison, right_prefix)
    ) -}}
{%- endmacro %}


{% macro identity_pattern_counts(pair_levels) -%}
    {#-
        A select of the comparison patterns of a relation of pair levels (a `<field>_level` column per comparison of
        var identity_comparisons) with their number of pairs, `pair_count`: what training reads instead of the pairs.
    -#}
    select
        {%- for comparison in var('identity_comparisons') %}
        {{ comparison.field }}_level,
        {%- endfor %}
        count(*) as pair_count
    from {{ pair_levels }}
    group by
        {%- for comparison in var('identity_comparisons') %}
        {{ comparison.field }}_level{{ ',' if not loop.last }}
        {%- endfor %}
{%- endmacro %}


{% macro identity_level_shares(pattern_rows, comparison, when_empty=none) -%}
    {#-
        The share of pairs at each level of one comparison among pattern rows (`<field>_level`, `pair_count`; rows
        with the field unknown left out), with one pseudo-pair per level so no share is 0: {level: share}.
        With no row knowing the field, `when_empty` when given (else the uniform shares the pseudo-pairs give).
    -#}
    {%- set top = customer360.identity_comparison_top_level(comparison) | int -%}
    {%- set counts = {} -%}
    {%- set total = namespace(value=0) -%}
    {%- for row in pattern_rows if row[comparison.field ~ '_level'] is not none -%}
        {%- set level = row[comparison.field ~ '_level'] | int -%}
        {%- do counts.update({level: counts.get(level, 0) + row['pair_count'] | int}) -%}
        {%- set total.value = total.value + row['pair_count'] | int -%}
    {%- endfor -%}
    {%- if total.value == 0 and when_empty is not none -%}
        {{ return(when_empty) }}
    {%- endif -%}
    {%- set shares = {} -%}
    {%- for level in range(top + 1) -%}
        {%- do shares.update({level: (counts.get(level, 0) + 1) / (total.value + top + 1)}) -%}
    {%- endfor -%}
    {{ return(shares) }}
{%- endmacro %}


{% macro identity_nickname_joins(left_alias, right_alias) -%}
    {#-
        The two left joins of seed name_nicknames (CTE `nicknames`) that tell whether two records' first names are
        nicknames of each other, either way round: `left_nickname.nickname_key is not null or
        right_nickname.nickname_key is not null`.
    -#}
    left join nicknames as left_nickname
        on
            {{ left_alias }}.first_name_key = left_nickname.nickname_key
            and {{ right_alias }}.first_name_key = left_nickname.name_key
    left join nicknames as right_nickname
        on
            {{ right_alias }}.first_name_key = right_nickname.nickname_key
            and {{ left_alias }}.first_name_key = right_nickname.name_key
{%- endmacro %}


{% macro identity_swap_expr(comparison, prefix) -%}
    {#- the swap column of a name comparison with a side's prefix (`left_last_name_key`), or none -#}
    {%- if comparison.get('swap_column') -%}
        {{ return(prefix ~ comparison['swap_column']) }}
    {%- else -%}
        {{ return(none) }}
    {%- endif -%}
{%- endmacro %}


{% macro identity_export_match_weights() -%}
    {#- run-operation: the latest trained weights as CSV on stdout (a reviewable copy of the trained model) -#}
    {%- set relation = load_relation(ref('int_identity__match_weights')) -%}
    {%- if relation is none -%}
        {{ exceptions.raise_compiler_error('int_identity__match_weights is not built yet: run dbt build first') }}
    {%- endif -%}
    {%- set columns = [
        'training_generation', 'training_reason', 'm_probability_source', 'trained_record_count',
        'prior_match_weight', 'comparison_field', 'comparison_level', 'comparison_level_label',
        'm_probability', 'u_probability', 'match_weight'
    ] -%}
    {%- set rows = run_query(
        'select ' ~ columns | join(', ') ~ ' from ' ~ relation
        ~ ' where training_generation = (select max(training_generation) from ' ~ relation ~ ')'
        ~ ' order by comparison_field, comparison_level'
    ).rows -%}
    {{ print(columns | join(',')) }}
    {%- for row in rows %}
        {%- set values = [] -%}
        {%- for value in row -%}{%- do values.append('"' ~ value ~ '"' if value is string else value) -%}{%- endfor -%}
        {{ print(values | join(',')) }}
    {%- endfor %}
{%- endmacro %}
