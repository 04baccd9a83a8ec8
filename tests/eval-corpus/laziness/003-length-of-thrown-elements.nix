builtins.length [ (throw "a") (abort "b") (let x = x; in x) ]
