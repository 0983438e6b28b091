{#- Unit test of the privacy macros (postal_district, birth_year, age_band, erasure_hash): one row per case whose
    result differs from the expected value. Cases assume the default vars postal_district_prefix_lengths and
    age_band_lower_bounds. -#}

with

cases as (
    select
        'gb outward code' as case_name,
        {{ customer360.postal_district("'SW1A 1AA'", "'GB'") }} as actual,
        'SW1A' as expected
    union all
    select
        'gb short outward code' as case_name,
        {{ customer360.postal_district("'m11ae'", "'gb'") }} as actual,
        'M1' as expected
    union all
    select
        'fr departement' as case_name,
        {{ customer360.postal_district("'75008'", "'FR'") }} as actual,
        '75' as expected
    union all
    select
        'nl region' as case_name,
        {{ customer360.postal_district("'1012AB'", "'NL'") }} as actual,
        '10' as expected
    union all
    select
        'us zip prefix' as case_name,
        {{ customer360.postal_district("'94105-1234'", "'US'") }} as actual,
        '941' as expected
    union all
    select
        'unknown country gives null' as case_name,
        {{ customer360.postal_district("'1000'", "'BE'") }} as actual,
        null as expected
    union all
    select
        'null country gives null' as case_name,
        {{ customer360.postal_district("'75008'", 'null') }} as actual,
        null as expected
    union all
    select
        'too short gives null' as case_name,
        {{ customer360.postal_district("'SW1'", "'GB'") }} as actual,
        null as expected
    union all
    select
        'birth year' as case_name,
        cast({{ customer360.birth_year("cast('1990-03-04' as date)") }} as {{ dbt.type_string() }}) as actual,
        '1990' as expected
    union all
    select
        'day before 25th birthday' as case_name,
        {{ customer360.age_band("cast('1990-03-04' as date)", "cast('2015-03-03' as date)") }} as actual,
        '18-24' as expected
    union all
    select
        'on 25th birthday' as case_name,
        {{ customer360.age_band("cast('1990-03-04' as date)", "cast('2015-03-04' as date)") }} as actual,
        '25-34' as expected
    union all
    select
        'open last band' as case_name,
        {{ customer360.age_band("cast('1940-01-01' as date)", "cast('2015-03-04' as date)") }} as actual,
        '65+' as expected
    union all
    select
        'under the first bound' as case_name,
        {{ customer360.age_band("cast('2010-03-04' as date)", "cast('2015-03-04' as date)") }} as actual,
        null as expected
    union all
    select
        'null birth date' as case_name,
        {{ customer360.age_band('cast(null as date)', "cast('2015-03-04' as date)") }} as actual,
        null as expected
    union all
    select
        'erasure hash ignores case and spaces' as case_name,
        case
            when
                {{ customer360.erasure_hash("' Alice@Example.org '") }}
                = {{ customer360.erasure_hash("'alice@example.org'") }}
                then 'same'
            else 'different'
        end as actual,
        'same' as expected
    union all
    select
        'erasure hash differs from the plain sha256 key' as case_name,
        case
            when
                {{ customer360.erasure_hash("'alice@example.org'") }}
                = {{ customer360.sha256_hex("'alice@example.org'") }}
                then 'same'
            else 'different'
        end as actual,
        'different' as expected
    union all
    select
        'erasure hash of blank is null' as case_name,
        coalesce({{ customer360.erasure_hash("'  '") }}, 'null') as actual,
        'null' as expected
    union all
    select
        'pseudonymize is salted' as case_name,
        case
            when
                {{ customer360.pseudonymize("'alice@example.org'") }}
                = {{ customer360.sha256_hex("'alice@example.org'") }}
                then 'unsalted'
            else 'salted'
        end as actual,
        'salted' as expected
),

final as (
    select
        case_name,
        actual,
        expected
    from cases
    where
        actual <> expected
        or (actual is null and expected is not null)
        or (actual is not null and expected is null)
)

select * from final
