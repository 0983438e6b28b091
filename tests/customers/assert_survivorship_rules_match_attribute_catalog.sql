{#-
    The seed `survivorship_rules` must name every profile attribute of `survivorship_attributes()` exactly once and
    only those, and list in `source_order` only sources that provide the attribute (a typo would silently stop a
    source from competing). Returns one row per problem.
-#}

with

survivorship_rules as (
    select * from {{ ref('survivorship_rules') }}
),

catalog as (
    {{ customer360.survivorship_attribute_catalog() }}
),

-- what is left of source_order once every source the attribute may use is removed: empty if all are known
leftovers as (
    select
        attribute,
        source_order,
        {{ customer360.survivorship_unknown_sources('source_order', 'attribute') }} as unknown_sources
    from survivorship_rules
),

problems as (
    select
        catalog.attribute,
        'attribute has no rule' as problem
    from catalog
    left join survivorship_rules
        on catalog.attribute = survivorship_rules.attribute
    where survivorship_rules.attribute is null
    union all
    select
        survivorship_rules.attribute,
        'rule for an attribute the golden profile does not know' as problem
    from survivorship_rules
    left join catalog
        on survivorship_rules.attribute = catalog.attribute
    where catalog.attribute is null
    union all
    select
        attribute,
        'source_order names a source that does not provide the attribute: ' || unknown_sources as problem
    from leftovers
    where unknown_sources <> ''
    union all
    select
        attribute,
        'source_order is empty' as problem
    from survivorship_rules
    where
        coalesce(
            replace(replace(source_order, ' ', ''), '{{ customer360.survivorship_source_separator() }}', ''), ''
        ) = ''
)

select * from problems
