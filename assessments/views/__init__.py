"""The assessment pages, one module per subject: schemes, campaigns, one branch's participation and
scoring, problems and their rectification, reports, and an organization's assessments and venue."""
