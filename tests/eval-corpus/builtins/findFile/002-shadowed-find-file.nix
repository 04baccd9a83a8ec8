# `<name>` is `__findFile __nixPath "name"`: both are looked up lexically.
[
  (let __findFile = path: name: "found ${name}"; in <nixpkgs>)
  (let __findFile = path: name: path; __nixPath = [ "given" ]; in <x>)
  (let __nixPath = [ { prefix = "corpus"; path = ../../data; } ]; in baseNameOf <corpus/hello.txt>)
]
