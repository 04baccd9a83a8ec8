# At each position the first matching pattern in the list is used; replacements are not rescanned.
[ (builtins.replaceStrings [ "a" "ab" ] [ "1" "2" ] "abab") (builtins.replaceStrings [ "ab" "a" ] [ "2" "1" ] "abab") (builtins.replaceStrings [ "a" ] [ "aa" ] "aaa") ]
