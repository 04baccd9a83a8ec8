[
  (builtins.match "[[:alpha:]]+([[:digit:]]+)" "abc123")
  (builtins.match "[[:space:]]*([[:upper:]][[:lower:]]*)[[:space:]]*" "  Hello ")
  (builtins.match "([[:alnum:]_]+)[[:punct:]]" "a_1!")
]
