"""Public URLs of the catalogue app."""

app_name = "catalogue"

urlpatterns: list = []
