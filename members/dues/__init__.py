"""党费: what each member owes a month (the rate table, as data), the month's records and payments, and
members who have not paid for six months or more."""
