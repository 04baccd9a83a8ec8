# A repeated group captures its last iteration.
[ (builtins.match "(a|b)*" "abab") (builtins.match "(([0-9])+)" "123") ]
