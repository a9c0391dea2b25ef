"""The web app for `flask --app app run`; the factory is search.web.app.create_app."""
from search.web.app import create_app

app = create_app()
