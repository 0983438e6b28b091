{#- The restricted join-back of the email audience: one row per customer with an email address in their
    golden profile, the address itself and its pseudonymous key (`email_pseudonym`, the only form the
    BI-facing email_audience and customer_360 expose). An email tool reads the audience, then this model
    (restricted schema, PII) to get the address to send to. -#}

with

golden_profiles as (
    select * from {{ ref('int_customers__golden_profile') }}
),

final as (
    select
        customer_id,
        email,
        {{ pseudonymize('email') }} as email_pseudonym
    from golden_profiles
    where email is not null
)

select * from final
