"a" + "b" + "" + "c" + toString 1 + toString true + toString null
