"""Evaluation pages, one module per stage: tracking (set-up and monthly work), year_end."""
