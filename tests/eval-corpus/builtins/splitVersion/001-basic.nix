map builtins.splitVersion [ "1.2.3" "2.3.4-rc1" "1.0pre4" "" "abc" ]
