[ "tab\there" "new\nline" "cr\rx" "back\\slash" "quote\"d" ]
