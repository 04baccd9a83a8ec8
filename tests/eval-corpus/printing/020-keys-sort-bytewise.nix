# Keys are sorted by bytes: uppercase before underscore before lowercase.
{ b = 1; B = 2; _ = 3; a1 = 4; a10 = 5; a2 = 6; "-" = 7; "~" = 8; "Z" = 9; }
