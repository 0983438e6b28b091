{#-
    Statistics for experiment analysis, in plain SQL arithmetic (no warehouse has a normal CDF built in).
    Every public macro dispatches, so another warehouse needs only its own `<adapter>__` version where the
    default does not compile. Constants below are the published coefficients of the approximations named,
    not tunable settings.
-#}

{#- Upper tail Q(x) = 1 - Phi(x) of the standard normal for x >= 0, Abramowitz & Stegun 26.2.17
    (|error| < 7.5e-8). Computed directly (not as 1 - Phi) so small tail probabilities keep their precision. -#}
{% macro normal_upper_tail_abs(x) -%}
    {{ return(adapter.dispatch('normal_upper_tail_abs', 'customer360')(x)) }}
{%- endmacro %}

{% macro default__normal_upper_tail_abs(x) -%}
    {%- set abs_x = "abs(cast(" ~ x ~ " as double precision))" -%}
    {%- set t = "(1.0 / (1.0 + 0.2316419 * " ~ abs_x ~ "))" -%}
    (
        0.3989422804014327 * exp(-0.5 * {{ abs_x }} * {{ abs_x }})
        * {{ t }} * (0.319381530 + {{ t }} * (-0.356563782 + {{ t }} * (1.781477937
            + {{ t }} * (-1.821255978 + {{ t }} * 1.330274429))))
    )
{%- endmacro %}

{#- Standard normal CDF Phi(x); NULL stays NULL. -#}
{% macro normal_cdf(x) -%}
    {{ return(adapter.dispatch('normal_cdf', 'customer360')(x)) }}
{%- endmacro %}

{% macro default__normal_cdf(x) -%}
    (case
        when ({{ x }}) >= 0 then 1.0 - {{ customer360.normal_upper_tail_abs(x) }}
        else {{ customer360.normal_upper_tail_abs(x) }}
    end)
{%- endmacro %}

{#- Two-sided p-value of a z statistic: 2 * (1 - Phi(|z|)); NULL stays NULL. -#}
{% macro two_sided_p_value(z) -%}
    {{ return(adapter.dispatch('two_sided_p_value', 'customer360')(z)) }}
{%- endmacro %}

{% macro default__two_sided_p_value(z) -%}
    (case when ({{ z }}) is not null then least(1.0, 2.0 * {{ customer360.normal_upper_tail_abs(z) }}) end)
{%- endmacro %}

{#- Upper-tail p-value of a chi-square statistic x with df degrees of freedom. df = 1: 2 * (1 - Phi(sqrt(x)))
    (exact up to the CDF approximation); df = 2: exp(-x / 2) (exact); df >= 3: Wilson-Hilferty cube-root
    normal approximation. -#}
{% macro chi_square_p_value(x, df) -%}
    {{ return(adapter.dispatch('chi_square_p_value', 'customer360')(x, df)) }}
{%- endmacro %}

{% macro default__chi_square_p_value(x, df) -%}
    {%- set wilson_hilferty_z -%}
        ((power(cast({{ x }} as double precision) / ({{ df }}), 1.0 / 3.0) - (1.0 - 2.0 / (9.0 * ({{ df }}))))
            / sqrt(2.0 / (9.0 * ({{ df }}))))
    {%- endset -%}
    (case
        when ({{ x }}) is null or ({{ df }}) is null or ({{ df }}) < 1 then null
        when ({{ x }}) <= 0 then 1.0
        when ({{ df }}) = 1 then least(1.0, 2.0 * {{ customer360.normal_upper_tail_abs("sqrt(greatest(" ~ x ~ ", 0))") }})
        when ({{ df }}) = 2 then exp(-0.5 * cast({{ x }} as double precision))
        else 1.0 - {{ customer360.normal_cdf(wilson_hilferty_z) }}
    end)
{%- endmacro %}

{#- Standard normal quantile Phi^-1(p) for 0 < p < 1 (Acklam's rational approximation, relative error
    < 1.2e-9); NULL outside (0, 1). Used for confidence-interval critical values. -#}
{% macro normal_quantile(p) -%}
    {{ return(adapter.dispatch('normal_quantile', 'customer360')(p)) }}
{%- endmacro %}

{% macro default__normal_quantile(p) -%}
    {%- set a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690, -30.66479806614716,
                 2.506628277459239] -%}
    {%- set b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572] -%}
    {%- set c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
                 4.374664141464968, 2.938163982698783] -%}
    {%- set d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416] -%}
    {%- set p_double = "cast(" ~ p ~ " as double precision)" -%}
    {%- set q_low = "sqrt(-2.0 * ln(greatest(" ~ p_double ~ ", 1e-300)))" -%}
    {%- set q_high = "sqrt(-2.0 * ln(greatest(1.0 - " ~ p_double ~ ", 1e-300)))" -%}
    {%- set q_mid = "(" ~ p_double ~ " - 0.5)" -%}
    {%- set r_mid = "(" ~ q_mid ~ " * " ~ q_mid ~ ")" -%}
    (case
        when ({{ p }}) is null or ({{ p }}) <= 0 or ({{ p }}) >= 1 then null
        when ({{ p }}) < 0.02425 then
            {{ _horner(c, q_low) }} / ({{ _horner(d, q_low) }} * {{ q_low }} + 1.0)
        when ({{ p }}) > 0.97575 then
            -{{ _horner(c, q_high) }} / ({{ _horner(d, q_high) }} * {{ q_high }} + 1.0)
        else
            {{ _horner(a, r_mid) }} * {{ q_mid }} / ({{ _horner(b, r_mid) }} * {{ r_mid }} + 1.0)
    end)
{%- endmacro %}

{#- Horner evaluation c0 * x^(n-1) + ... + c(n-1) of a coefficient list (highest power first). -#}
{% macro _horner(coefficients, x) -%}
    {%- set ns = namespace(expression=(coefficients[0] | string)) -%}
    {%- for coefficient in coefficients[1:] -%}
        {%- set ns.expression = "(" ~ ns.expression ~ " * " ~ x ~ " + " ~ coefficient ~ ")" -%}
    {%- endfor -%}
    {{- ns.expression -}}
{%- endmacro %}

{#- z statistic of the two-proportion test of rate A (conversions_a / units_a) against rate B, with the pooled
    standard error sqrt(p (1 - p) (1 / n_a + 1 / n_b)), p = (x_a + x_b) / (n_a + n_b). NULL when the standard
    error is 0 (no variation) or an input is NULL. -#}
{% macro two_proportion_z_score(conversions_a, units_a, conversions_b, units_b) -%}
    {{ return(adapter.dispatch('two_proportion_z_score', 'customer360')(conversions_a, units_a, conversions_b, units_b)) }}
{%- endmacro %}

{% macro default__two_proportion_z_score(conversions_a, units_a, conversions_b, units_b) -%}
    {%- set rate_a = "(cast(" ~ conversions_a ~ " as double precision) / nullif(" ~ units_a ~ ", 0))" -%}
    {%- set rate_b = "(cast(" ~ conversions_b ~ " as double precision) / nullif(" ~ units_b ~ ", 0))" -%}
    {%- set pooled = "(cast((" ~ conversions_a ~ ") + (" ~ conversions_b ~ ") as double precision) / nullif((" ~ units_a ~ ") + (" ~ units_b ~ "), 0))" -%}
    (({{ rate_a }} - {{ rate_b }}) / nullif(
        sqrt({{ pooled }} * (1.0 - {{ pooled }}) * (1.0 / nullif({{ units_a }}, 0) + 1.0 / nullif({{ units_b }}, 0))),
        0
    ))
{%- endmacro %}

{#- Unpooled standard error of the difference of two proportions, sqrt(p_a (1 - p_a) / n_a + p_b (1 - p_b) / n_b):
    the basis of the confidence interval of the absolute lift. -#}
{% macro difference_of_proportions_standard_error(conversions_a, units_a, conversions_b, units_b) -%}
    {{ return(adapter.dispatch('difference_of_proportions_standard_error', 'customer360')(conversions_a, units_a, conversions_b, units_b)) }}
{%- endmacro %}

{% macro default__difference_of_proportions_standard_error(conversions_a, units_a, conversions_b, units_b) -%}
    {%- set rate_a = "(cast(" ~ conversions_a ~ " as double precision) / nullif(" ~ units_a ~ ", 0))" -%}
    {%- set rate_b = "(cast(" ~ conversions_b ~ " as double precision) / nullif(" ~ units_b ~ ", 0))" -%}
    sqrt(
        {{ rate_a }} * (1.0 - {{ rate_a }}) / nullif({{ units_a }}, 0)
        + {{ rate_b }} * (1.0 - {{ rate_b }}) / nullif({{ units_b }}, 0)
    )
{%- endmacro %}
