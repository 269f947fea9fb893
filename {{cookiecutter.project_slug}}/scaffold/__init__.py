"""``flask scaffold domain``: add a domain to the project as the bake would have made it."""
