"""Pure functions shared by the hooks: languages, pages and front matter, links, problem reports.

Hook files (hooks/*.py) stay thin and call into this package; everything here takes strings,
dicts and paths and returns strings, dicts or lists of Problem, so it is unit-tested without
building a site. MkDocs puts hooks/ on sys.path while it loads a hook, so hooks import
`from kb import ...`; pytest gets the same path from pytest.ini.
"""
