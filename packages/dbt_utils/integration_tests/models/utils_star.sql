-- star() renders `customers."<column>" as "c_<column>"` for every column but email
-- (sqlfluff sees `*` when the seed is not built yet, hence the noqa on the alias)
select
    {{ dbt_utils.star(from=ref('utils_customers'), except=['EMAIL'], relation_alias='customers', prefix='c_') }}
from {{ ref('utils_customers') }} as customers  -- noqa: AL05
