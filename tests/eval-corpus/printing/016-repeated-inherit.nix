let common = { enable = true; }; in
{ inherit common; alias = common; other = { inherit common; }; }
