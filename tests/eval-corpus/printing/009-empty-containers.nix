{ emptySet = { }; emptyList = [ ]; nested = { inner = { }; list = [ [ ] { } ]; }; }
