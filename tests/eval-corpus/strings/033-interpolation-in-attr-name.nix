let prefix = "my"; in
{ "${prefix}Attr" = 1; "${prefix}-other" = 2; "x${toString 1}" = 3; }
