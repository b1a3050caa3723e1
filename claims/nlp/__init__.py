"""Claim extraction: plain strings in, plain dataclasses out (no Django)."""
