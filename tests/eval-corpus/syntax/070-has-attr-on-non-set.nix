# `?` on a non-set value is simply false.
[ (1 ? a) ("str" ? a) (null ? a) ([ ] ? a) ]
