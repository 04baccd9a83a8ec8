{ a = 5; }.a or (throw "default")
