{#- One row per experiment and variant: units, conversions, conversion rate, revenue per unit and, for every
    variant but the control (var experiment_control_variant), the lift against the control with a two-sided
    two-proportion z-test (pooled standard error) and a confidence interval of the absolute lift (unpooled
    standard error, level var experiment_confidence_level). Per experiment, a sample-ratio-mismatch check:
    chi-square goodness of fit of the observed units against the planned split (var
    experiment_planned_allocation, else equal shares). Units: int_personalization__experiment_units. -#}
{%- set control_variant = var('experiment_control_variant') -%}
{%- set confidence_level = var('experiment_confidence_level') -%}
{%- set planned_split = var('experiment_planned_allocation') -%}

with

units as (
    select * from {{ ref('int_personalization__experiment_units') }}
),

excluded as (
    -- units left out for conflicting variants; an erased person is counted nowhere, not even here, so the build
    -- that processes the erasure and the next one give the same row
    select
        experiment_id,
        sum(case when is_analyzed or is_erased then 0 else 1 end) as excluded_units
    from units
    group by experiment_id
),

variants as (
    select
        experiment_id,
        variant,
        count(*) as units,
        sum(case when is_converted then 1 else 0 end) as conversions,
        sum(revenue_reporting) as revenue_reporting,
        min(assigned_at_utc) as first_assigned_at_utc,
        max(assigned_at_utc) as last_assigned_at_utc
    from units
    where is_analyzed
    group by experiment_id, variant
),

planned_allocation as (
    select
        cast(null as {{ dbt.type_string() }}) as experiment_id,
        cast(null as {{ dbt.type_string() }}) as variant,
        cast(null as double precision) as planned_weight
    where 1 = 0
    {% for experiment_id, weights in planned_split.items() | sort -%}
        {% for variant, weight in weights.items() | sort -%}
            union all
            select
                '{{ experiment_id }}' as experiment_id,
                '{{ variant }}' as variant,
                cast({{ weight }} as double precision) as planned_weight
        {% endfor %}
    {% endfor %}
),

planned_weights as (
    select
        variants.experiment_id,
        variants.variant,
        coalesce(planned_allocation.planned_weight, 1.0) as planned_weight
    from variants
    left join planned_allocation
        on
            variants.experiment_id = planned_allocation.experiment_id
            and variants.variant = planned_allocation.variant
),

variant_stats as (
    select
        variants.*,
        {{ safe_ratio('variants.conversions', 'variants.units') }} as conversion_rate,
        {{ safe_ratio('variants.revenue_reporting', 'variants.units') }} as revenue_per_unit_reporting,
        {{ safe_ratio(
            'planned_weights.planned_weight',
            'sum(planned_weights.planned_weight) over (partition by variants.experiment_id)'
        ) }} as planned_share,
        {{ safe_ratio('variants.units', 'sum(variants.units) over (partition by variants.experiment_id)') }}
            as observed_share,
        sum(variants.units) over (partition by variants.experiment_id) as experiment_units,
        count(*) over (partition by variants.experiment_id) as variant_count
    from variants
    inner join planned_weights
        on
            variants.experiment_id = planned_weights.experiment_id
            and variants.variant = planned_weights.variant
),

sample_ratio as (
    select
        experiment_id,
        sum(
            (units - experiment_units * planned_share) * (units - experiment_units * planned_share)
            / (experiment_units * planned_share)
        ) as srm_chi_square,
        max(variant_count) - 1 as srm_degrees_of_freedom
    from variant_stats
    group by experiment_id
),

control as (
    select
        experiment_id,
        units as control_units,
        conversions as control_conversions,
        conversion_rate as control_conversion_rate,
        revenue_per_unit_reporting as control_revenue_per_unit_reporting
    from variant_stats
    where variant = '{{ control_variant }}'
),

compared as (
    select
        variant_stats.*,
        control.control_units,
        control.control_conversions,
        control.control_conversion_rate,
        control.control_revenue_per_unit_reporting,
        variant_stats.variant = '{{ control_variant }}' as is_control
    from variant_stats
    left join control
        on variant_stats.experiment_id = control.experiment_id
),

tested as (
    select
        compared.*,
        case when not compared.is_control then compared.conversion_rate - compared.control_conversion_rate end
            as absolute_lift,
        case
            when not compared.is_control
                then {{ safe_ratio(
                    'compared.conversion_rate - compared.control_conversion_rate',
                    'compared.control_conversion_rate'
                ) }}
        end as relative_lift,
        case
            when not compared.is_control
                then {{ two_proportion_z_score(
                    'compared.conversions', 'compared.units', 'compared.control_conversions', 'compared.control_units'
                ) }}
        end as z_score,
        case
            when not compared.is_control
                then {{ difference_of_proportions_standard_error(
                    'compared.conversions', 'compared.units', 'compared.control_conversions', 'compared.control_units'
                ) }}
        end as unpooled_standard_error,
        {{ normal_quantile(1.0 - (1.0 - confidence_level) / 2.0) }} as critical_z
    from compared
),

z_scored as (
    select
        tested.*,
        {{ two_sided_p_value('tested.z_score') }} as p_value
    from tested
),

final as (
    select
        -- ids
        z_scored.experiment_id,
        z_scored.variant,
        z_scored.is_control,
        -- volume
        cast(z_scored.units as bigint) as units,
        cast(z_scored.conversions as bigint) as conversions,
        cast(z_scored.conversion_rate as double precision) as conversion_rate,
        cast(z_scored.revenue_reporting as double precision) as revenue_reporting,
        cast(z_scored.revenue_per_unit_reporting as double precision) as revenue_per_unit_reporting,
        -- against control
        cast(z_scored.control_conversion_rate as double precision) as control_conversion_rate,
        cast(z_scored.absolute_lift as double precision) as absolute_lift,
        cast(z_scored.relative_lift as double precision) as relative_lift,
        cast(
            case
                when not z_scored.is_control
                    then z_scored.revenue_per_unit_reporting - z_scored.control_revenue_per_unit_reporting
            end as double precision
        ) as revenue_per_unit_lift_reporting,
        cast(z_scored.z_score as double precision) as z_score,
        cast(z_scored.p_value as double precision) as p_value,
        cast(z_scored.absolute_lift - z_scored.critical_z * z_scored.unpooled_standard_error as double precision)
            as absolute_lift_ci_lower,
        cast(z_scored.absolute_lift + z_scored.critical_z * z_scored.unpooled_standard_error as double precision)
            as absolute_lift_ci_upper,
        cast({{ confidence_level }} as double precision) as confidence_level,
        z_scored.p_value < 1.0 - {{ confidence_level }} as is_significant,
        -- sample ratio mismatch (per experiment)
        cast(z_scored.planned_share as double precision) as planned_share,
        cast(z_scored.observed_share as double precision) as observed_share,
        cast(sample_ratio.srm_chi_square as double precision) as srm_chi_square,
        cast(sample_ratio.srm_degrees_of_freedom as bigint) as srm_degrees_of_freedom,
        {{ chi_square_p_value('sample_ratio.srm_chi_square', 'sample_ratio.srm_degrees_of_freedom') }} as srm_p_value,
        {{ chi_square_p_value('sample_ratio.srm_chi_square', 'sample_ratio.srm_degrees_of_freedom') }}
        < {{ var('experiment_srm_alpha') }} as has_sample_ratio_mismatch,
        -- context
        cast(coalesce(excluded.excluded_units, 0) as bigint) as excluded_units,
        z_scored.first_assigned_at_utc,
        z_scored.last_assigned_at_utc,
        cast({{ var('experiment_conversion_window_days') }} as integer) as conversion_window_days
    from z_scored
    inner join sample_ratio
        on z_scored.experiment_id = sample_ratio.experiment_id
    left join excluded
        on z_scored.experiment_id = excluded.experiment_id
)

select * from final
