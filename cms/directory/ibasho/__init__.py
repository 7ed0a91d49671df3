"""Ibasho (居場所): places to belong, their recurring schedules, the list and the map."""
