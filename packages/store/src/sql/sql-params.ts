/**
 * `column = ANY (${idList(2)})`: the text[] parameter `$n`, read through a sub-select.
 *
 * PostgreSQL plans a prepared statement afresh on every run (a custom plan) for as long as the
 * custom plans look cheaper than a generic one, and a short id list always makes them look so:
 * the inbox addition, for one, spent more time being planned than being run. Read through
 * a sub-select, the list looks the same to every plan, so after five runs PostgreSQL keeps the
 * generic plan and only executes it. Lookups stay on the primary key or index either way.
 */
export const idList = (n: number) => `(SELECT $${n}::text[])::text[]`;
