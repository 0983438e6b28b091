{#- The statistics macros of macros/personalization/statistics.sql against values computed by hand (Python
    math.erf / math.erfc, bisection for quantiles). Returns every check whose error exceeds its tolerance:
    the A&S 26.2.17 normal CDF is within 7.5e-8 (p-values, twice that), Acklam's quantile within 1e-8,
    the Wilson-Hilferty chi-square approximation (3+ degrees of freedom) within 1e-3.
    Two-proportion example: treatment 130 / 1000 against control 100 / 1000. Sample-ratio example: 1000 and 900
    units on a planned 50/50 split (chi-square 2 * 50^2 / 950, 1 degree of freedom). -#}
{%- set checks = [
    ('normal_cdf(1.96)', normal_cdf('1.96'), 0.9750021048517796, 1e-7),
    ('normal_cdf(-1)', normal_cdf('-1.0'), 0.15865525393145707, 1e-7),
    ('normal_cdf(0)', normal_cdf('0.0'), 0.5, 1e-7),
    ('normal_cdf(3)', normal_cdf('3.0'), 0.9986501019683699, 1e-7),
    ('two_sided_p_value(2.5)', two_sided_p_value('2.5'), 0.012419330651552278, 2e-7),
    ('two_sided_p_value(-1.5)', two_sided_p_value('-1.5'), 0.13361440253771617, 2e-7),
    ('two_sided_p_value(5)', two_sided_p_value('5.0'), 5.733031437583892e-07, 1e-9),
    ('chi_square_p_value(3.84, 1)', chi_square_p_value('3.84', '1'), 0.05004352124870514, 2e-7),
    ('chi_square_p_value(10, 1)', chi_square_p_value('10.0', '1'), 0.0015654022580025488, 2e-7),
    ('chi_square_p_value(5.99, 2)', chi_square_p_value('5.99', '2'), 0.05003662708658628, 1e-12),
    ('chi_square_p_value(7.81, 3)', chi_square_p_value('7.81', '3'), 0.05010605635000595, 1e-3),
    ('chi_square_p_value(0, 1)', chi_square_p_value('0.0', '1'), 1.0, 1e-12),
    ('normal_quantile(0.975)', normal_quantile('0.975'), 1.9599639845400536, 1e-8),
    ('normal_quantile(0.995)', normal_quantile('0.995'), 2.5758293035488986, 1e-8),
    ('normal_quantile(0.01)', normal_quantile('0.01'), -2.3263478740408416, 1e-8),
    ('normal_quantile(0.5)', normal_quantile('0.5'), 0.0, 1e-12),
    ('z of 130/1000 vs 100/1000', two_proportion_z_score('130', '1000', '100', '1000'), 2.102740605622114, 1e-9),
    ('p-value of 130/1000 vs 100/1000',
        two_sided_p_value(two_proportion_z_score('130', '1000', '100', '1000')), 0.03548845046647473, 2e-7),
    ('standard error of 130/1000 - 100/1000',
        difference_of_proportions_standard_error('130', '1000', '100', '1000'), 0.014251315728731857, 1e-12),
    ('95% CI lower bound of 130/1000 - 100/1000',
        '0.03 - ' ~ normal_quantile('0.975') ~ ' * '
        ~ difference_of_proportions_standard_error('130', '1000', '100', '1000'), 0.0020679344393763725, 1e-8),
    ('sample-ratio p-value of 1000 vs 900',
        chi_square_p_value('(2.0 * 50.0 * 50.0 / 950.0)', '1'), 0.021781462791119515, 2e-7),
] -%}

with

checks as (
    {% for check_name, computed, expected, tolerance in checks -%}
        {% if not loop.first %}union all{% endif %}
        select
            '{{ check_name }}' as check_name,
            {{ computed }} as computed,
            {{ expected }} as expected,
            {{ tolerance }} as tolerance
    {% endfor %}
),

final as (
    select
        check_name,
        computed,
        expected,
        tolerance,
        abs(computed - expected) as absolute_error
    from checks
    where computed is null or abs(computed - expected) > tolerance
)

select * from final
