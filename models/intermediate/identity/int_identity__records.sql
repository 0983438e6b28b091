{#-
    One row per person-bearing record that passed staging: the unit identity resolution links.
    Profile sources carry the attributes fuzzy matching compares; event-like records only their timestamps.
-#}

with

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

crm_records as (
    select
        record_key,
        source_name,
        source_record_id,
        first_name_key,
        last_name_key,
        case when is_plausible_birth_date then birth_date end as birth_date,
        postal_code,
        {{ customer360.identity_street_key('street') }} as street_key,
        {{ customer360.identity_street_key('city') }} as city_key,
        country_code,
        case when is_valid_phone and not is_placeholder_phone then phone_e164 end as phone_e164,
        created_at_utc as first_seen_at_utc,
        coalesce(updated_at_utc, created_at_utc) as last_seen_at_utc
    from crm_customers
),

loyalty_records as (
    select
        record_key,
        source_name,
        source_record_id,
        first_name_key,
        last_name_key,
        case when is_plausible_birth_date then birth_date end as birth_date,
        postal_code,
        {{ customer360.identity_street_key('street') }} as street_key,
        {{ customer360.identity_street_key('city') }} as city_key,
        country_code,
        case when is_valid_phone and not is_placeholder_phone then phone_e164 end as phone_e164,
        enrolled_at_utc as first_seen_at_utc,
        enrolled_at_utc as last_seen_at_utc
    from loyalty_members
),

-- orders are person-bearing when they carry a crm_id, an email or a phone (usable or not: the shipping name
-- and address may still link them)
order_records as (
    select
        record_key,
        source_name,
        source_record_id,
        first_name_key,
        last_name_key,
        cast(null as date) as birth_date,
        shipping_postal_code as postal_code,
        {{ customer360.identity_street_key('shipping_street') }} as street_key,
        {{ customer360.identity_street_key('shipping_city') }} as city_key,
        shipping_country_code as country_code,
        case when is_valid_phone and not is_placeholder_phone then phone_e164 end as phone_e164,
        ordered_at_utc as first_seen_at_utc,
        ordered_at_utc as last_seen_at_utc
    from shop_orders
    where
        crm_id is not null
        or nullif(trim(email_raw), '') is not null
        or nullif(trim(phone_raw), '') is not null
),

transaction_records as (
    select
        record_key,
        source_name,
        source_record_id,
        cast(null as {{ dbt.type_string() }}) as first_name_key,
        cast(null as {{ dbt.type_string() }}) as last_name_key,
        cast(null as date) as birth_date,
        cast(null as {{ dbt.type_string() }}) as postal_code,
        cast(null as {{ dbt.type_string() }}) as street_key,
        cast(null as {{ dbt.type_string() }}) as city_key,
        cast(null as {{ dbt.type_string() }}) as country_code,
        cast(null as {{ dbt.type_string() }}) as phone_e164,
        transacted_at_utc as first_seen_at_utc,
        transacted_at_utc as last_seen_at_utc
    from pos_transactions
    where card_number is not null
),

-- the cookie is the record: one row per anonymous_id
cookie_records as (
    select
        {{ dbt.concat(["source_name", "':'", "anonymous_id"]) }} as record_key,
        source_name,
        anonymous_id as source_record_id,
        cast(null as {{ dbt.type_string() }}) as first_name_key,
        cast(null as {{ dbt.type_string() }}) as last_name_key,
        cast(null as date) as birth_date,
        cast(null as {{ dbt.type_string() }}) as postal_code,
        cast(null as {{ dbt.type_string() }}) as street_key,
        cast(null as {{ dbt.type_string() }}) as city_key,
        cast(null as {{ dbt.type_string() }}) as country_code,
        cast(null as {{ dbt.type_string() }}) as phone_e164,
        min(event_at_utc) as first_seen_at_utc,
        max(event_at_utc) as last_seen_at_utc
    from web_events
    group by anonymous_id, source_name
),

enrichment_records as (
    select
        record_key,
        source_name,
        source_record_id,
        cast(null as {{ dbt.type_string() }}) as first_name_key,
        cast(null as {{ dbt.type_string() }}) as last_name_key,
        cast(null as date) as birth_date,
        cast(null as {{ dbt.type_string() }}) as postal_code,
        cast(null as {{ dbt.type_string() }}) as street_key,
        cast(null as {{ dbt.type_string() }}) as city_key,
        cast(null as {{ dbt.type_string() }}) as country_code,
        cast(null as {{ dbt.type_string() }}) as phone_e164,
        cast(updated_date as {{ dbt.type_timestamp() }}) as first_seen_at_utc,
        cast(updated_date as {{ dbt.type_timestamp() }}) as last_seen_at_utc
    from enrichment
),

unioned as (
    select * from crm_records
    union all
    select * from loyalty_records
    union all
    select * from order_records
    union all
    select * from transaction_records
    union all
    select * from cookie_records
    union all
    select * from enrichment_records
),

final as (
    select
        -- ids
        record_key,
        source_name,
        source_record_id,
        source_name in ({{ customer360.identity_profile_sources() }}) as is_profile,
        -- attributes compared by fuzzy matching (profiles; orders: the shipping name and address)
        first_name_key,
        last_name_key,
        birth_date,
        {{ customer360.identity_postal_key('postal_code') }} as postal_code,
        street_key,
        city_key,
        country_code,
        phone_e164,
        -- timestamps
        first_seen_at_utc,
        last_seen_at_utc
    from unioned
)

select * from final
