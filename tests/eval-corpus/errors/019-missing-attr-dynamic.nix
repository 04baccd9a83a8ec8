# error: missing-attr
let k = "dyn"; in { other = 1; }.${k}
