{#-
    One row per identifier seen on a person-bearing record: the normalized value, when it was first and last
    seen and how often. Placeholders are kept (they were seen); the guards decide what links.
-#}

with

records as (
    select * from {{ ref('int_identity__records') }}
),

crm_customers as (
    select * from {{ ref('stg_crm__customers') }}
),

loyalty_members as (
    select * from {{ ref('stg_pos__loyalty_members') }}
),

shop_orders as (
    select * from {{ ref('stg_shop__orders') }}
),

pos_transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

web_events as (
    select * from {{ ref('stg_web__events') }}
),

enrichment as (
    select * from {{ ref('stg_enrichment__demographics') }}
),

crm_identifiers as (
    select
        record_key,
        'crm_id' as identifier_type,
        crm_id as identifier_value,
        created_at_utc as first_seen_at_utc,
        coalesce(updated_at_utc, created_at_utc) as last_seen_at_utc,
        1 as observation_count
    from crm_customers
    union all
    select
        record_key,
        'email' as identifier_type,
        email as identifier_value,
        created_at_utc as first_seen_at_utc,
        coalesce(updated_at_utc, created_at_utc) as last_seen_at_utc,
        1 as observation_count
    from crm_customers
    where email is not null and is_valid_email
    union all
    select
        record_key,
        'phone' as identifier_type,
        phone_e164 as identifier_value,
        created_at_utc as first_seen_at_utc,
        coalesce(updated_at_utc, created_at_utc) as last_seen_at_utc,
        1 as observation_count
    from crm_customers
    where phone_e164 is not null and is_valid_phone
),

loyalty_identifiers as (
    select
        record_key,
        'loyalty_card' as identifier_type,
        card_number as identifier_value,
        enrolled_at_utc as first_seen_at_utc,
        enrolled_at_utc as last_seen_at_utc,
        1 as observation_count
    from loyalty_members
    union all
    select
        record_key,
        'email' as identifier_type,
        email as identifier_value,
        enrolled_at_utc as first_seen_at_utc,
        enrolled_at_utc as last_seen_at_utc,
        1 as observation_count
    from loyalty_members
    where email is not null and is_valid_email
    union all
    select
        record_key,
        'phone' as identifier_type,
        phone_e164 as identifier_value,
        enrolled_at_utc as first_seen_at_utc,
        enrolled_at_utc as last_seen_at_utc,
        1 as observation_count
    from loyalty_members
    where phone_e164 is not null and is_valid_phone
),

order_identifiers as (
    select
        record_key,
        'crm_id' as identifier_type,
        crm_id as identifier_value,
        ordered_at_utc as first_seen_at_utc,
        ordered_at_utc as last_seen_at_utc,
        1 as observation_count
    from shop_orders
    where crm_id is not null
    union all
    select
        record_key,
        'email' as identifier_type,
        email as identifier_value,
        ordered_at_utc as first_seen_at_utc,
        ordered_at_utc as last_seen_at_utc,
        1 as observation_count
    from shop_orders
    where email is not null and is_valid_email
    union all
    select
        record_key,
        'phone' as identifier_type,
        phone_e164 as identifier_value,
        ordered_at_utc as first_seen_at_utc,
        ordered_at_utc as last_seen_at_utc,
        1 as observation_count
    from shop_orders
    where phone_e164 is not null and is_valid_phone
),

transaction_identifiers as (
    select
        record_key,
        'loyalty_card' as identifier_type,
        card_number as identifier_value,
        transacted_at_utc as first_seen_at_utc,
        transacted_at_utc as last_seen_at_utc,
        1 as observation_count
    from pos_transactions
    where card_number is not null
),

-- a cookie carries its own id and the CRM ids it logged in as (aggregated per anonymous_id first)
cookie_identifiers as (
    select
        {{ dbt.concat(["source_name", "':'", "anonymous_id"]) }} as record_key,
        'anonymous_id' as identifier_type,
        anonymous_id as identifier_value,
        min(event_at_utc) as first_seen_at_utc,
        max(event_at_utc) as last_seen_at_utc,
        count(*) as observation_count
    from web_events
    group by anonymous_id, source_name
    union all
    select
        {{ dbt.concat(["source_name", "':'", "anonymous_id"]) }} as record_key,
        'crm_id' as identifier_type,
        user_id as identifier_value,
        min(event_at_utc) as first_seen_at_utc,
        max(event_at_utc) as last_seen_at_utc,
        count(*) as observation_count
    from web_events
    where user_id is not null
    group by anonymous_id, source_name, user_id
),

enrichment_identifiers as (
    select
        record_key,
        'email_sha256' as identifier_type,
        email_sha256 as identifier_value,
        cast(updated_date as {{ dbt.type_timestamp() }}) as first_seen_at_utc,
        cast(updated_date as {{ dbt.type_timestamp() }}) as last_seen_at_utc,
        1 as observation_count
    from enrichment
),

unioned as (
    select * from crm_identifiers
    union all
    select * from loyalty_identifiers
    union all
    select * from order_identifiers
    union all
    select * from transaction_identifiers
    union all
    select * from cookie_identifiers
    union all
    select * from enrichment_identifiers
),

final as (
    select
        records.source_name,
        unioned.record_key,
        unioned.identifier_type,
        unioned.identifier_value,
        min(unioned.first_seen_at_utc) as first_seen_at_utc,
        max(unioned.last_seen_at_utc) as last_seen_at_utc,
        sum(unioned.observation_count) as observation_count
    from unioned
    -- only records identity resolution links (e.g. orders without any usable identifier are not)
    inner join records on unioned.record_key = records.record_key
    group by
        records.source_name,
        unioned.record_key,
        unioned.identifier_type,
        unioned.identifier_value
)

select * from final
