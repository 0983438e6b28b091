{#- TEST FIXTURE, disabled unless var privacy_leak_fixture_enabled is true: a "mart" that leaks raw emails and
    phone numbers of the golden profile into the BI-facing schema, to show the no_raw_pii test failing the build
    (src/tests/test_privacy.py). Never enable it in a real build. -#}
{{ config(enabled=var('privacy_leak_fixture_enabled', false)) }}

with

golden_profile as (
    select * from {{ ref('int_customers__golden_profile') }}
),

final as (
    select
        {{ customer360.pseudonymize('customer_id') }} as customer_key,
        email as contact_email,
        phone_e164 as contact_phone
    from golden_profile
    where email is not null or phone_e164 is not null
)

select * from final
