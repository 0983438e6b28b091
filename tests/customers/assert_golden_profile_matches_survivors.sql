{#-
    Every golden-profile column equals the surviving candidate of its attribute (a part of it for the address) and
    its `_source` the survivor's source; a customer without a survivor has NULL. Returns one row per mismatch.
-#}
with

golden_profile as (
    select * from {{ ref('int_customers__golden_profile') }}
),

survivors as (
    select * from {{ ref('int_customers__attribute_survivorship') }}
    where is_survivor
),

-- one row per golden-profile column: part_number 0 for a plain attribute, 1.. for the parts of a composite one
profile_values as (
    {{ customer360.golden_profile_values('golden_profile') }}
),

compared as (
    select
        profile_values.customer_id,
        profile_values.attribute,
        profile_values.value as profile_value,
        case
            when profile_values.part_number = 0 then survivors.value
            else {{ customer360.unpack_composite_part('survivors.value', 'profile_values.part_number') }}
        end as survivor_value,
        profile_values.source_name as profile_source_name,
        survivors.source_name as survivor_source_name
    from profile_values
    left join survivors
        on
            profile_values.customer_id = survivors.customer_id
            and profile_values.attribute = survivors.attribute
),

failures as (
    select * from compared
    where
        coalesce(profile_value, '<null>') <> coalesce(survivor_value, '<null>')
        or coalesce(profile_source_name, '<null>') <> coalesce(survivor_source_name, '<null>')
)

select * from failures
