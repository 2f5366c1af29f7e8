"""Excursion map dashboard: routes, sign-ups and the maps that show them."""
