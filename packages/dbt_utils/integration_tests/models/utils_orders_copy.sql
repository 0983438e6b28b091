select * from {{ ref('utils_orders') }}
