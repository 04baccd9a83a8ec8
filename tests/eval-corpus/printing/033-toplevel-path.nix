# Paths print raw: no quotes and no escaping, even with spaces or quotes inside.
[ (/a/path + "/with spaces/\"quoted\"") (/b + "/c/../d") ]
