{#-
    Every value every source holds for each profile attribute of each customer, with its observation time: the input
    of survivorship. A source appears here for each attribute it can provide, whether or not the seed
    `survivorship_rules` lists it (listing decides whether it competes), so adding a mapped source to an attribute's
    `source_order` is a seed-only change. Invalid and placeholder emails and phones and implausible birth dates are
    not candidates. Records come from the retained crosswalk (int_privacy__retained_crosswalk) and consent events
    count only for a customer in it, so erased customers are left out.
-#}
with

crosswalk as (
    select * from {{ ref('int_privacy__retained_crosswalk') }}
),

retained_customers as (
    select distinct customer_id from crosswalk
),

customer_identifiers as (
    select * from {{ ref('int_identity__customer_identifiers') }}
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

enrichment_demographics as (
    select * from {{ ref('stg_enrichment__demographics') }}
),

consent_events as (
    select * from {{ ref('stg_privacy__consent_events') }}
),

-- one row per record, one column per attribute it can provide -----------------------------------

crm_records as (
    select
        crosswalk.customer_id,
        crosswalk.source_name,
        crosswalk.record_key,
        coalesce(crm_customers.updated_at_utc, crm_customers.created_at_utc) as observed_at_utc,
        crm_customers.first_name,
        crm_customers.last_name,
        case
            when crm_customers.is_valid_email and not coalesce(crm_customers.is_placeholder_email, false)
                then crm_customers.email
        end as email,
        case
            when crm_customers.is_valid_phone and not coalesce(crm_customers.is_placeholder_phone, false)
                then crm_customers.phone_e164
        end as phone_e164,
        case when crm_customers.is_plausible_birth_date then crm_customers.birth_date end as birth_date,
        crm_customers.gender,
        {{ customer360.pack_composite_value(
            ['crm_customers.street', 'crm_customers.city', 'crm_customers.postal_code', 'crm_customers.country_code'],
            required_any=['crm_customers.street', 'crm_customers.postal_code']
        ) }} as address
    from crm_customers
    inner join crosswalk
        on
            crm_customers.source_name = crosswalk.source_name
            and crm_customers.source_record_id = crosswalk.source_record_id
),

loyalty_records as (
    select
        crosswalk.customer_id,
        crosswalk.source_name,
        crosswalk.record_key,
        loyalty_members.enrolled_at_utc as observed_at_utc,
        loyalty_members.first_name,
        loyalty_members.last_name,
        case
            when loyalty_members.is_valid_email and not coalesce(loyalty_members.is_placeholder_email, false)
                then loyalty_members.email
        end as email,
        case
            when loyalty_members.is_valid_phone and not coalesce(loyalty_members.is_placeholder_phone, false)
                then loyalty_members.phone_e164
        end as phone_e164,
        case when loyalty_members.is_plausible_birth_date then loyalty_members.birth_date end as birth_date,
        -- the programme only knows the postal code (and the home store's country): a partial address
        {{ customer360.pack_composite_value(
            ['cast(null as ' ~ dbt.type_string() ~ ')', 'cast(null as ' ~ dbt.type_string() ~ ')',
             'loyalty_members.postal_code', 'loyalty_members.country_code'],
            required_any=['loyalty_members.postal_code']
        ) }} as address,
        loyalty_members.home_store_id as preferred_store_id
    from loyalty_members
    inner join crosswalk
        on
            loyalty_members.source_name = crosswalk.source_name
            and loyalty_members.source_record_id = crosswalk.source_record_id
),

shop_order_records as (
    select
        crosswalk.customer_id,
        crosswalk.source_name,
        crosswalk.record_key,
        shop_orders.ordered_at_utc as observed_at_utc,
        shop_orders.shipping_first_name as first_name,
        shop_orders.shipping_last_name as last_name,
        case
            when shop_orders.is_valid_email and not coalesce(shop_orders.is_placeholder_email, false)
                then shop_orders.email
        end as email,
        case
            when shop_orders.is_valid_phone and not coalesce(shop_orders.is_placeholder_phone, false)
                then shop_orders.phone_e164
        end as phone_e164,
        {{ customer360.pack_composite_value(
            ['shop_orders.shipping_street', 'shop_orders.shipping_city',
             'shop_orders.shipping_postal_code', 'shop_orders.shipping_country_code'],
            required_any=['shop_orders.shipping_street', 'shop_orders.shipping_postal_code']
        ) }} as address
    from shop_orders
    inner join crosswalk
        on
            shop_orders.source_name = crosswalk.source_name
            and shop_orders.source_record_id = crosswalk.source_record_id
),

pos_transaction_records as (
    select
        crosswalk.customer_id,
        crosswalk.source_name,
        crosswalk.record_key,
        pos_transactions.transacted_at_utc as observed_at_utc,
        pos_transactions.store_id as preferred_store_id
    from pos_transactions
    inner join crosswalk
        on
            pos_transactions.source_name = crosswalk.source_name
            and pos_transactions.source_record_id = crosswalk.source_record_id
),

-- the cookie is the web record: one candidate per cookie and device type, seen last at its latest event
web_records as (
    select
        crosswalk.customer_id,
        crosswalk.source_name,
        crosswalk.record_key,
        web_events.device_type as preferred_device_type,
        max(web_events.event_at_utc) as observed_at_utc
    from web_events
    inner join crosswalk
        on
            web_events.source_name = crosswalk.source_name
            and web_events.anonymous_id = crosswalk.source_record_id
    where web_events.device_type is not null
    group by
        crosswalk.customer_id,
        crosswalk.source_name,
        crosswalk.record_key,
        web_events.device_type
),

enrichment_records as (
    select
        crosswalk.customer_id,
        crosswalk.source_name,
        crosswalk.record_key,
        {{ dbt.cast('enrichment_demographics.updated_date', dbt.type_timestamp()) }} as observed_at_utc,
        enrichment_demographics.age_band,
        enrichment_demographics.income_band,
        enrichment_demographics.household_size,
        enrichment_demographics.interests
    from enrichment_demographics
    inner join crosswalk
        on
            enrichment_demographics.source_name = crosswalk.source_name
            and enrichment_demographics.email_sha256 = crosswalk.source_record_id
),

-- consent events name a person by email or crm_id, not by a crosswalk record: map them through the identifiers
consent_subjects as (
    select
        consent_events.record_key,
        consent_events.source_name,
        consent_events.occurred_at_utc as observed_at_utc,
        consent_events.status,
        coalesce(email_identifier.customer_id, crm_identifier.customer_id) as customer_id
    from consent_events
    left join customer_identifiers as email_identifier
        on
            email_identifier.identifier_type = 'email'
            and consent_events.subject_email = email_identifier.identifier_value
    left join customer_identifiers as crm_identifier
        on
            crm_identifier.identifier_type = 'crm_id'
            and consent_events.subject_crm_id = crm_identifier.identifier_value
    where consent_events.purpose = 'email_marketing'
),

consent_records as (
    select
        customer_id,
        source_name,
        record_key,
        observed_at_utc,
        status as email_marketing_consent
    from consent_subjects
    where customer_id in (select retained_customers.customer_id from retained_customers)
),

-- long form ---------------------------------------------------------------------------------------

unpivoted as (
    {{ customer360.unpivot_candidates('crm_records', customer360.survivorship_attributes_of('crm_customers')) }}
    union all
    {{ customer360.unpivot_candidates('loyalty_records', customer360.survivorship_attributes_of('loyalty_members')) }}
    union all
    {{ customer360.unpivot_candidates('shop_order_records', customer360.survivorship_attributes_of('shop_orders')) }}
    union all
    {{ customer360.unpivot_candidates(
        'pos_transaction_records', customer360.survivorship_attributes_of('pos_transactions')
    ) }}
    union all
    {{ customer360.unpivot_candidates('web_records', customer360.survivorship_attributes_of('web_events')) }}
    union all
    {{ customer360.unpivot_candidates(
        'enrichment_records', customer360.survivorship_attributes_of('enrichment_demographics')
    ) }}
    union all
    {{ customer360.unpivot_candidates('consent_records', customer360.survivorship_attributes_of('consent_events')) }}
),

final as (
    select
        -- keys
        unpivoted.customer_id,
        unpivoted.attribute,
        -- the candidate
        unpivoted.value,
        unpivoted.source_name,
        unpivoted.observed_at_utc,
        unpivoted.record_key
    from unpivoted
)

select * from final
