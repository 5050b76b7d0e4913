"""Feedback pages, one module per area: public, handling, ratings, surveys, ratios."""
