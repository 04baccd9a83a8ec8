# error: type
"a" - "b"
