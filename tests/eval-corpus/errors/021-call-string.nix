# error: not-a-function
"str" "arg"
