{#-
    The identifier values each record may link through: linking identifier types only (var
    identity_identifier_types, is_link), one value per record and type (the one seen most often: a cookie
    logged in as two CRM ids links through its main one only), emails by their link value (macro
    identity_link_value: without a plus tag), enrichment hashes resolved to their email.
    The guards (int_identity__identifier_value_guards) decide which values actually link.
-#}

with

observations as (
    select * from {{ ref('int_identity__identifier_observations') }}
),

identifier_types as (
    {{ customer360.identity_identifier_types() }}
),

linking_observations as (
    select
        observations.*,
        identifier_types.trust_rank,
        identifier_types.match_confidence
    from observations
    inner join identifier_types
        on observations.identifier_type = identifier_types.identifier_type
    where identifier_types.is_link
),

main_values as (
    select *
    from linking_observations
    qualify row_number() over (
        partition by record_key, identifier_type
        order by observation_count desc, last_seen_at_utc desc, identifier_value asc
    ) = 1
),

-- enrichment rows carry only sha256(email): link them to the email node of that hash (the hash of the
-- address as seen, or of its link value without a plus tag)
observed_emails as (
    select distinct
        identifier_value as email,
        {{ customer360.identity_link_value("'email'", 'identifier_value') }} as link_value
    from observations
    where identifier_type = 'email'
),

email_hashes as (
    select
        {{ customer360.sha256_hex('email') }} as email_sha256,
        min(link_value) as link_value
    from (
        select
            email,
            link_value
        from observed_emails
        union
        select
            link_value as email,
            link_value
        from observed_emails
    ) as emails
    group by {{ customer360.sha256_hex('email') }}
),

resolved as (
    select
        main_values.record_key,
        main_values.source_name,
        case
            when main_values.identifier_type = 'email_sha256' then 'email'
            else main_values.identifier_type
        end as identifier_type,
        case
            when main_values.identifier_type = 'email_sha256' then email_hashes.link_value
            else {{ customer360.identity_link_value('main_values.identifier_type', 'main_values.identifier_value') }}
        end as identifier_value,
        main_values.identifier_type as match_rule,
        main_values.trust_rank,
        main_values.match_confidence
    from main_values
    left join email_hashes
        on
            main_values.identifier_type = 'email_sha256'
            and main_values.identifier_value = email_hashes.email_sha256
    where main_values.identifier_type <> 'email_sha256' or email_hashes.link_value is not null
),

final as (
    select
        resolved.record_key,
        resolved.source_name,
        resolved.identifier_type,
        resolved.identifier_value,
        resolved.match_rule,
        resolved.trust_rank,
        resolved.match_confidence,
        identifier_types.is_person_key
    from resolved
    inner join identifier_types
        on resolved.identifier_type = identifier_types.identifier_type
)

select * from final
