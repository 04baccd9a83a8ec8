# Interpolating toString of a path does not copy it to the store.
let p = ./some/file.txt; in
baseNameOf "${toString p}"
