"""Blueprints: parse the request, check permission, call a service, render."""
