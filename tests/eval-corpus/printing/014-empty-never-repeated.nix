let e = { }; l = [ ]; in
[ e e l l ]
