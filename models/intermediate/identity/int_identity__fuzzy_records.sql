{#-
    The records fuzzy matching compares, with their deterministic cluster and the cheap keys the blocking
    passes (var identity_blocking_passes) may use: every profile (var identity_profile_sources), and records of
    var identity_fuzzy_extra_sources (guest orders: shipping name and address) where their deterministic
    cluster holds no profile, one per cluster and distinct name and address.
-#}

with

records as (
    select * from {{ ref('int_identity__records') }}
),

deterministic_clusters as (
    select * from {{ ref('int_identity__deterministic_clusters') }}
),

profiles as (
    select
        records.*,
        deterministic_clusters.deterministic_cluster_key,
        deterministic_clusters.deterministic_cluster_profile_count
    from records
    inner join deterministic_clusters on records.record_key = deterministic_clusters.record_key
    where records.is_profile
),

{%- set extra_sources = var('identity_fuzzy_extra_sources', []) %}

extra_records as (
    {%- if extra_sources | length > 0 %}
        select
            records.*,
            deterministic_clusters.deterministic_cluster_key,
            deterministic_clusters.deterministic_cluster_profile_count
        from records
        inner join deterministic_clusters on records.record_key = deterministic_clusters.record_key
        where
            records.source_name in ({{ customer360.identity_quoted_list(extra_sources) }})
            and deterministic_clusters.deterministic_cluster_profile_count = 0
            and records.first_name_key is not null
            and records.last_name_key is not null
        qualify row_number() over (
            partition by
                deterministic_clusters.deterministic_cluster_key,
                records.first_name_key,
                records.last_name_key,
                records.postal_code,
                records.street_key
            order by records.record_key
        ) = 1
    {%- else %}
    select
        *,
        cast(null as {{ dbt.type_string() }}) as deterministic_cluster_key,
        0 as deterministic_cluster_profile_count
    from records
    where 1 = 0
    {%- endif %}
),

compared as (
    select * from profiles
    union all
    select * from extra_records
),

keyed as (
    select
        *,
        {{ customer360.identity_phonetic_key('first_name_key') }} as first_name_phonetic,
        {{ customer360.identity_phonetic_key('last_name_key') }} as last_name_phonetic
    from compared
),

final as (
    select
        -- ids
        record_key,
        source_name,
        deterministic_cluster_key,
        deterministic_cluster_profile_count,
        -- compared attributes
        first_name_key,
        last_name_key,
        birth_date,
        postal_code,
        street_key,
        city_key,
        country_code,
        phone_e164,
        -- blocking keys
        left(first_name_key, 1) as first_initial,
        left(last_name_key, 1) as last_initial,
        first_name_phonetic,
        last_name_phonetic,
        -- both phonetic keys in alphabetical order: first and last name swapped give the same key
        case
            when first_name_phonetic <= last_name_phonetic
                then {{ dbt.concat(['first_name_phonetic', "'|'", 'last_name_phonetic']) }}
            else {{ dbt.concat(['last_name_phonetic', "'|'", 'first_name_phonetic']) }}
        end as name_pair_phonetic,
        nullif(regexp_replace(street_key, '[^0-9]', '', 'g'), '') as house_number,
        extract(year from birth_date) as birth_year
    from keyed
)

select * from final
