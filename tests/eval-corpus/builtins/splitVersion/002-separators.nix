map builtins.splitVersion [ "1..2" "1-2_3.4" "10abc20" ".1." ]
