"""The web front end as Flask blueprints: HTML pages, the JSON API, feeds; app.py registers them."""
