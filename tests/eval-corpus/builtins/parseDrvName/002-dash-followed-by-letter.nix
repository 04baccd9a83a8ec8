# The version starts at the first dash that is followed by a non-letter.
map builtins.parseDrvName [ "a-b-c" "python3.9-requests-2.0" "x-1" "-1" ]
