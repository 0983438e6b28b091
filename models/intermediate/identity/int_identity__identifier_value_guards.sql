{#-
    Over-merge guards, one row per linking identifier value: a value links records only when it is not a
    placeholder (seed identifier_exclusions), is not carried by more distinct person keys (CRM ids, loyalty
    cards) than its type allows (var identity_identifier_types.max_person_keys_per_value), and is not shared
    by two conflicting profiles (different first names and birth dates: a household phone). Every refused
    value is kept here with its reason: this is the report of shared junk.
-#}

with

record_links as (
    select * from {{ ref('int_identity__record_links') }}
),

records as (
    select * from {{ ref('int_identity__records') }}
),

exclusions as (
    select * from {{ ref('identifier_exclusions') }}
),

nicknames as (
    select * from {{ ref('name_nicknames') }}
),

identifier_types as (
    {{ customer360.identity_identifier_types() }}
),

person_key_links as (
    select
        record_key,
        identifier_type as person_key_type,
        identifier_value as person_key_value
    from record_links
    where is_person_key
),

-- the person keys behind each value: those of every record that carries it
value_person_keys as (
    select distinct
        record_links.identifier_type,
        record_links.identifier_value,
        person_key_links.person_key_type,
        person_key_links.person_key_value
    from record_links
    inner join person_key_links on record_links.record_key = person_key_links.record_key
),

value_stats as (
    select
        record_links.identifier_type,
        record_links.identifier_value,
        count(distinct record_links.record_key) as record_count,
        count(distinct record_links.source_name) as source_count
    from record_links
    group by record_links.identifier_type, record_links.identifier_value
),

person_key_counts as (
    select
        identifier_type,
        identifier_value,
        count(*) as person_key_count
    from value_person_keys
    group by identifier_type, identifier_value
),

-- the profile records (CRM contacts, loyalty members) behind each value, for values within their limit
value_profiles as (
    select distinct
        value_person_keys.identifier_type,
        value_person_keys.identifier_value,
        profile_links.record_key as profile_record_key
    from value_person_keys
    inner join person_key_counts
        on
            value_person_keys.identifier_type = person_key_counts.identifier_type
            and value_person_keys.identifier_value = person_key_counts.identifier_value
    inner join identifier_types
        on value_person_keys.identifier_type = identifier_types.identifier_type
    inner join record_links as profile_links
        on
            value_person_keys.person_key_type = profile_links.identifier_type
            and value_person_keys.person_key_value = profile_links.identifier_value
    where
        person_key_counts.person_key_count between 2 and identifier_types.max_person_keys_per_value
        and profile_links.source_name in ({{ customer360.identity_profile_sources() }})
),

profile_pairs as (
    select
        left_profiles.identifier_type,
        left_profiles.identifier_value,
        left_records.first_name_key as left_first_name_key,
        right_records.first_name_key as right_first_name_key,
        left_records.birth_date as left_birth_date,
        right_records.birth_date as right_birth_date,
        (left_nickname.nickname_key is not null or right_nickname.nickname_key is not null) as is_nickname_match
    from value_profiles as left_profiles
    inner join value_profiles as right_profiles
        on
            left_profiles.identifier_type = right_profiles.identifier_type
            and left_profiles.identifier_value = right_profiles.identifier_value
            and left_profiles.profile_record_key < right_profiles.profile_record_key
    inner join records as left_records on left_profiles.profile_record_key = left_records.record_key
    inner join records as right_records on right_profiles.profile_record_key = right_records.record_key
    {{ customer360.identity_nickname_joins('left_records', 'right_records') }}
),

conflicting_values as (
    select
        identifier_type,
        identifier_value,
        count(*) as conflicting_pair_count
    from profile_pairs
    where {{ customer360.identity_profiles_conflict(
        'left_first_name_key', 'right_first_name_key', 'is_nickname_match', 'left_birth_date', 'right_birth_date'
    ) }}
    group by identifier_type, identifier_value
),

guarded as (
    select
        value_stats.identifier_type,
        value_stats.identifier_value,
        value_stats.record_count,
        value_stats.source_count,
        coalesce(person_key_counts.person_key_count, 0) as person_key_count,
        coalesce(conflicting_values.conflicting_pair_count, 0) as conflicting_pair_count,
        exclusions.identifier_value is not null as is_placeholder,
        case
            when exclusions.identifier_value is not null then 'placeholder'
            when coalesce(person_key_counts.person_key_count, 0) > identifier_types.max_person_keys_per_value
                then 'over_shared'
            when conflicting_values.conflicting_pair_count > 0 then 'conflicting_profiles'
        end as guard_reason
    from value_stats
    inner join identifier_types
        on value_stats.identifier_type = identifier_types.identifier_type
    left join person_key_counts
        on
            value_stats.identifier_type = person_key_counts.identifier_type
            and value_stats.identifier_value = person_key_counts.identifier_value
    left join conflicting_values
        on
            value_stats.identifier_type = conflicting_values.identifier_type
            and value_stats.identifier_value = conflicting_values.identifier_value
    left join exclusions
        on
            value_stats.identifier_type = exclusions.identifier_type
            and value_stats.identifier_value = exclusions.identifier_value
),

final as (
    select
        *,
        guard_reason is null as is_link_allowed
    from guarded
)

select * from final
