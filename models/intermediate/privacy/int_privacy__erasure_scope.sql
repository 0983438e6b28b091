{#- Everything an erasure request covers, as hashes (macro erasure_hash), never as raw values: the identifier the
    request names (always, even when it resolves to no customer) and, when it resolves through the identity
    graph (int_identity__customer_identifiers, type = subject_type) to a customer, every identifier of that
    customer and every record linked to it (source record id and record key). For an email the sha256 key of the
    enrichment feed is covered too. One row per request and hash. on-run-end (macro purge_erased_people) copies
    the hashes to the suppression list and deletes every row that carries one. -#}

with

requests as (
    select * from {{ ref('stg_privacy__erasure_requests') }}
),

identifiers as (
    select * from {{ ref('int_identity__customer_identifiers') }}
),

crosswalk as (
    select * from {{ ref('int_identity__crosswalk') }}
),

subjects as (
    select
        request_id,
        requested_at_utc,
        subject_type as identifier_type,
        case
            when subject_type = 'email' then subject_email
            when subject_type = 'crm_id' then subject_crm_id
        end as identifier_value
    from requests
),

resolved as (
    select
        subjects.request_id,
        subjects.requested_at_utc,
        identifiers.customer_id
    from subjects
    inner join identifiers
        on
            subjects.identifier_type = identifiers.identifier_type
            and subjects.identifier_value = identifiers.identifier_value
),

covered_values as (
    -- the named identifier itself
    select
        subjects.request_id,
        subjects.requested_at_utc,
        resolved.customer_id,
        subjects.identifier_type,
        subjects.identifier_value
    from subjects
    left join resolved
        on subjects.request_id = resolved.request_id
    union all
    -- every identifier of the customer
    select
        resolved.request_id,
        resolved.requested_at_utc,
        resolved.customer_id,
        identifiers.identifier_type,
        identifiers.identifier_value
    from resolved
    inner join identifiers
        on resolved.customer_id = identifiers.customer_id
    union all
    -- every record of the customer: its id in the source and its record key
    select
        resolved.request_id,
        resolved.requested_at_utc,
        resolved.customer_id,
        crosswalk.source_name as identifier_type,
        crosswalk.source_record_id as identifier_value
    from resolved
    inner join crosswalk
        on resolved.customer_id = crosswalk.customer_id
    union all
    select
        resolved.request_id,
        resolved.requested_at_utc,
        resolved.customer_id,
        'record_key' as identifier_type,
        crosswalk.record_key as identifier_value
    from resolved
    inner join crosswalk
        on resolved.customer_id = crosswalk.customer_id
),

with_enrichment_keys as (
    select
        request_id,
        requested_at_utc,
        customer_id,
        identifier_type,
        identifier_value
    from covered_values
    union all
    select
        request_id,
        requested_at_utc,
        customer_id,
        'email_sha256' as identifier_type,
        {{ customer360.sha256_hex('identifier_value') }} as identifier_value
    from covered_values
    where identifier_type = 'email'
),

hashed as (
    select
        request_id,
        requested_at_utc,
        customer_id,
        identifier_type,
        {{ customer360.erasure_hash('identifier_value') }} as identifier_hash
    from with_enrichment_keys
),

final as (
    select
        request_id,
        identifier_hash,
        min(identifier_type) as identifier_type,
        max(customer_id) as customer_id,
        min(requested_at_utc) as requested_at_utc
    from hashed
    where identifier_hash is not null
    group by request_id, identifier_hash
)

select * from final
