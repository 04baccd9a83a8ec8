builtins.toJSON { "with space" = 1; "quo\"te" = 2; "new\nline" = 3; "é" = 4; }
