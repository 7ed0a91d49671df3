"""Consultation windows (相談窓口)."""
