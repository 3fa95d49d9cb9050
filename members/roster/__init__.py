"""党员名册: who is on the roll of each organization (add, edit, archive — never delete), the roster
page and its xlsx export, and the log of who saw personal data unmasked. Moves between organizations
are members.transfers."""
