"""Keyword alerts: saved searches whose new matches go out by e-mail or webhook."""
