builtins.toJSON { list = [ 1 "two" null ]; flag = true; num = 2.5; }
