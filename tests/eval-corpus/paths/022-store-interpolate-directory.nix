# Directories are copied recursively (NAR serialisation).
"${../data/tree}"
