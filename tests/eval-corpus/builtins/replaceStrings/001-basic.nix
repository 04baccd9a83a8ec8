builtins.replaceStrings [ "cat" "dog" ] [ "dog" "cat" ] "cat chases dog"
