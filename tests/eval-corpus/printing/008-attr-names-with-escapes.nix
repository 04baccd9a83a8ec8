{ "q\"uote" = 1; "new\nline" = 2; "dollar\${x}" = 3; "back\\slash" = 4; "$plain" = 5; }
