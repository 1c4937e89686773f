"""Helm-style charts written with Jinja2: load, coalesce values, render, map lines back."""
