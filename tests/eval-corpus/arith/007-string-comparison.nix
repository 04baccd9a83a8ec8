# Strings compare lexicographically by bytes.
[ ("a" < "b") ("abc" < "abd") ("ab" < "abc") ("" < "a") ("B" < "a") ("z" > "aa") ("10" < "9") ]
