"""Kliping: news intelligence for Indonesian online media."""
