{#- Consent per customer: one row per customer_id of the retained crosswalk (int_privacy__retained_crosswalk:
    erased customers have no row), one flag per purpose of var
    consent_purposes. A consent event names an email address or a crm_id; it counts for the customer that
    identifier resolves to in int_identity__customer_identifiers (an identifier that resolves to no customer,
    or to several, decides nothing). Across all identifiers of a customer the latest event per purpose wins
    (ties: withdrawal first), so a withdrawal takes effect at the next build. No event: no consent. -#}
{%- set purposes = var('consent_purposes') -%}

with

crosswalk as (
    select * from {{ ref('int_privacy__retained_crosswalk') }}
),

identifiers as (
    select * from {{ ref('int_identity__customer_identifiers') }}
),

consent_latest as (
    select * from {{ ref('int_privacy__consent_latest') }}
),

customers as (
    select distinct customer_id
    from crosswalk
    where customer_id is not null
),

customer_events as (
    select
        identifiers.customer_id,
        consent_latest.purpose,
        consent_latest.is_granted,
        consent_latest.occurred_at_utc,
        row_number() over (
            partition by identifiers.customer_id, consent_latest.purpose
            order by
                consent_latest.occurred_at_utc desc,
                case when consent_latest.is_granted then 1 else 0 end asc,
                consent_latest.consent_event_id desc
        ) as recency_rank
    from consent_latest
    inner join identifiers
        on
            consent_latest.subject_type = identifiers.identifier_type
            and consent_latest.subject_value = identifiers.identifier_value
),

latest as (
    select *
    from customer_events
    where recency_rank = 1
),

final as (
    select
        customers.customer_id,
        {%- for purpose in purposes %}
            max(case when latest.purpose = '{{ purpose }}' and latest.is_granted then 1 else 0 end) = 1
                as has_{{ purpose }}_consent,
            max(case when latest.purpose = '{{ purpose }}' then latest.occurred_at_utc end)
                as {{ purpose }}_consent_at_utc,
        {%- endfor %}
        count(latest.purpose) as purposes_with_consent_event
    from customers
    left join latest
        on customers.customer_id = latest.customer_id
    group by customers.customer_id
)

select * from final
