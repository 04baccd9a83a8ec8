# In a "..." string a CR, or CR LF, becomes LF; an escaped CR is a CR.
[ "ab
c" "d\e" "f\
g" "" ]
