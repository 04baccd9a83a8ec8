# error: throw
# --strict forces every attribute value of the result.
{ ok = 1; bad = throw "forced by --strict"; }
