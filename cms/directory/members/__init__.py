"""Member organisations (参画団体): profiles, memberships, applications to join."""
