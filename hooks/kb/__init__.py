"""Pure functions shared by the hooks: the site's vocabulary (domain), the one YAML reader (yamlfile),
pages and front matter, links, the site model (site), trees, the troubleshooting index, search, the handbook.

hooks/main.py is the one file MkDocs loads; it calls the concern modules hooks/*.py, which stay
thin and call into this package. Everything here takes strings, dicts and paths and returns strings,
dicts or lists of Problem, so it is unit-tested without building a site, and keeps no state between
builds. MkDocs puts hooks/ on sys.path while it loads a hook, so hooks import `from kb import ...`;
pytest gets the same path from pytest.ini.
"""
