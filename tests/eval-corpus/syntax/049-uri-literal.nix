# Unquoted URIs are string literals.
[ http://example.org/path?q=1 mailto:someone@example.org ]
