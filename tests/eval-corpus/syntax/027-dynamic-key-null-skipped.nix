# A dynamic attribute whose name evaluates to null is omitted.
{ ${null} = 1; kept = 2; }
