let const = x: y: x; in
const 1 (throw "unused")
