"""Pages of the organization tree: `organizations` (tree, organization page and edit), `committee`
(committee seats and party groups, POST only), `units` (host units)."""
