# error: type
if 1 then "yes" else "no"
