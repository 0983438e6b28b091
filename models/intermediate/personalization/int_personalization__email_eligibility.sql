{#- Who may be emailed today, per customer of the retained crosswalk (int_privacy__retained_crosswalk: the
    customers of customer_360) and campaign type (var email_campaign_types), with
    every rule's outcome and the first rule that rules the customer out (`ineligibility_reason`, NULL when
    eligible). Rules, in this order:
      no_email_address            no email address in the golden profile (int_personalization__email_contacts)
      hard_bounce                 the address ever hard-bounced
      complaint                   the address ever complained (marked as spam)
      unsubscribed                the address unsubscribed after (or without) the latest consent
      no_email_marketing_consent  no current email-marketing consent
      frequency_cap_reached       var email_frequency_cap_count or more marketing emails in the last
                                  var email_frequency_cap_days days
      no_personalization_consent  (abandoned-cart campaigns only: they use browsing data)
      no_abandoned_cart           (abandoned-cart campaigns only) nothing left in the cart
    The abandoned-cart campaign type is var email_abandoned_cart_campaign_type. -#}
{%- set cart_campaign_type = var('email_abandoned_cart_campaign_type') -%}

with

retained_customers as (
    select distinct customer_id from {{ ref('int_privacy__retained_crosswalk') }}
),

email_contacts as (
    select * from {{ ref('int_personalization__email_contacts') }}
),

consent as (
    select * from {{ ref('int_privacy__customer_consent') }}
),

address_status as (
    select * from {{ ref('int_personalization__email_address_status') }}
),

email_activity as (
    select * from {{ ref('int_personalization__customer_email_activity') }}
),

abandoned_cart_items as (
    select * from {{ ref('int_personalization__abandoned_cart_items') }}
),

customers as (
    select
        retained_customers.customer_id,
        email_contacts.email_pseudonym
    from retained_customers
    left join email_contacts
        on retained_customers.customer_id = email_contacts.customer_id
),

campaign_types as (
    {% for campaign_type in var('email_campaign_types') -%}
        {% if not loop.first %}union all{% endif %}
        select '{{ campaign_type }}' as campaign_type
    {% endfor %}
),

carts as (
    select
        customer_id,
        count(*) as abandoned_cart_items
    from abandoned_cart_items
    group by customer_id
),

checks as (
    select
        customers.customer_id,
        customers.email_pseudonym,
        customers.email_pseudonym is not null as has_email_address,
        coalesce(address_status.has_hard_bounce, false) as has_hard_bounce,
        coalesce(address_status.has_complaint, false) as has_complaint,
        coalesce(
            address_status.last_unsubscribed_at_utc is not null
            and (
                consent.email_marketing_consent_at_utc is null
                or address_status.last_unsubscribed_at_utc >= consent.email_marketing_consent_at_utc
            ),
            false
        ) as is_unsubscribed,
        coalesce(consent.has_email_marketing_consent, false) as has_email_marketing_consent,
        coalesce(consent.has_personalization_consent, false) as has_personalization_consent,
        coalesce(email_activity.marketing_emails_in_cap_window, 0) as marketing_emails_in_cap_window,
        coalesce(email_activity.marketing_emails_in_cap_window, 0) >= {{ var('email_frequency_cap_count') }}
            as is_frequency_capped,
        coalesce(carts.abandoned_cart_items, 0) > 0 as has_abandoned_cart
    from customers
    left join address_status
        on customers.email_pseudonym = address_status.email_pseudonym
    left join consent
        on customers.customer_id = consent.customer_id
    left join email_activity
        on customers.customer_id = email_activity.customer_id
    left join carts
        on customers.customer_id = carts.customer_id
),

decided as (
    select
        checks.*,
        campaign_types.campaign_type,
        case
            when not checks.has_email_address then 'no_email_address'
            when checks.has_hard_bounce then 'hard_bounce'
            when checks.has_complaint then 'complaint'
            when checks.is_unsubscribed then 'unsubscribed'
            when not checks.has_email_marketing_consent then 'no_email_marketing_consent'
            when checks.is_frequency_capped then 'frequency_cap_reached'
            when campaign_types.campaign_type = '{{ cart_campaign_type }}' and not checks.has_personalization_consent
                then 'no_personalization_consent'
            when campaign_types.campaign_type = '{{ cart_campaign_type }}' and not checks.has_abandoned_cart
                then 'no_abandoned_cart'
        end as ineligibility_reason
    from checks
    cross join campaign_types
),

final as (
    select
        -- ids
        customer_id,
        campaign_type,
        email_pseudonym,
        -- decision
        ineligibility_reason is null as is_eligible,
        ineligibility_reason,
        -- rule inputs
        has_email_address,
        has_hard_bounce,
        has_complaint,
        is_unsubscribed,
        has_email_marketing_consent,
        has_personalization_consent,
        marketing_emails_in_cap_window,
        is_frequency_capped,
        has_abandoned_cart
    from decided
)

select * from final
