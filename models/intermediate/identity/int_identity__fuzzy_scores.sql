{#-
    Scores every candidate pair with the stored Fellegi-Sunter weights (latest training_generation of
    int_identity__match_weights): per field its level and match weight (0 when a side lacks the field; an exact
    match on a term_frequency field weighs log2(m / frequency of the value)), the total match weight (prior +
    the fields' weights) and the match probability. A pair is a match when the probability is at least
    var identity_match_probability_threshold, a corroborating field has a positive weight (names alone never
    link) and the two are not conflicting profiles (first names and birth dates disagree: relatives; a birth
    date missing on a side counts as disagreeing when the trained model says matches rarely disagree on first
    names, var identity_conflict_unknown_max_m_probability).
-#}

{%- set comparisons = var('identity_comparisons') %}

with

levels as (
    select * from {{ ref('int_identity__comparison_levels') }}
),

all_weights as (
    select * from {{ ref('int_identity__match_weights') }}
),

term_frequencies as (
    select * from {{ ref('int_identity__term_frequencies') }}
),

latest_generation as (
    select max(training_generation) as training_generation
    from all_weights
),

weights as (
    select all_weights.*
    from all_weights
    inner join latest_generation on all_weights.training_generation = latest_generation.training_generation
),

prior as (
    select max(prior_match_weight) as prior_match_weight
    from weights
),

-- are conflict levels rare among matches? (the share of matches at or below the conflict level of every known
-- field of var identity_conflict_levels at most var identity_conflict_unknown_max_m_probability)
conflict_rarity as (
    select
        coalesce(max(m_at_conflict_level), 1) <= {{ var('identity_conflict_unknown_max_m_probability') }}
            as is_conflict_rare
    from (
        {%- set known_fields = [] %}
        {%- for field, level in var('identity_conflict_levels').items()
            if field not in var('identity_conflict_unknown_fields') %}
            {%- do known_fields.append(field) %}
        {%- endfor %}
        {%- for field in known_fields %}
            select sum(m_probability) as m_at_conflict_level
            from weights
            where
                comparison_field = '{{ field }}'
                and comparison_level <= {{ var('identity_conflict_levels')[field] }}
            {%- if not loop.last %}
            union all
            {%- endif %}
        {%- endfor %}
    ) as conflict_levels
),

weighted as (
    select
        levels.*,
        {%- for c in comparisons %}
            {%- if c.term_frequency %}
                case
                    when {{ c.field }}_tf.value_frequency is not null
                        then {{ customer360.identity_log2(
                    c.field ~ '_weights.m_probability / ' ~ c.field ~ '_tf.value_frequency'
                ) }}
                    else coalesce({{ c.field }}_weights.match_weight, 0)
                end as {{ c.field }}_match_weight,
            {%- else %}
                coalesce({{ c.field }}_weights.match_weight, 0) as {{ c.field }}_match_weight,
            {%- endif %}
        {%- endfor %}
        prior.prior_match_weight,
        (
            levels.is_conflicting_profiles
            or (levels.is_conflicting_if_unknown and conflict_rarity.is_conflict_rare)
        ) as is_conflicting
    from levels
    cross join prior
    cross join conflict_rarity
    {%- for c in comparisons %}
        left join weights as {{ c.field }}_weights
            on
                {{ c.field }}_weights.comparison_field = '{{ c.field }}'
                and levels.{{ c.field }}_level = {{ c.field }}_weights.comparison_level
        {%- if c.term_frequency %}
            left join term_frequencies as {{ c.field }}_tf
                on
                    {{ c.field }}_tf.comparison_field = '{{ c.field }}'
                    and levels.{{ c.field }}_exact_value = {{ c.field }}_tf.field_value
        {%- endif %}
    {%- endfor %}
),

scored as (
    select
        *,
        prior_match_weight
        {%- for c in comparisons %}
            + {{ c.field }}_match_weight
        {%- endfor %}
            as match_weight,
        (
            {%- for c in comparisons if c.corroborates %}
                {{ c.field }}_match_weight > 0 or
            {%- endfor %}
            false
        ) as is_corroborated
    from weighted
),

final as (
    select
        *,
        {{ customer360.identity_match_probability('match_weight') }} as match_probability,
        (
            {{ customer360.identity_match_probability('match_weight') }}
            >= {{ var('identity_match_probability_threshold') }}
            and is_corroborated
            and not is_conflicting
        ) as is_match,
        (
            {{ customer360.identity_match_probability('match_weight') }}
            >= {{ var('identity_strict_match_probability') }}
            and is_corroborated
            and not is_conflicting
        ) as is_strict_match
    from scored
)

select * from final
