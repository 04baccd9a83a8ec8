let x = throw "never forced"; in 1
