"""The web front end as Flask blueprints: HTML pages, the JSON API, feeds; search.web.app registers them."""
