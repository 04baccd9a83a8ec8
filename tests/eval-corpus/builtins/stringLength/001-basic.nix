map builtins.stringLength [ "" "a" "hello" "é" "日本" "\n" ]
